//! Share changes spread over many resources, gathered per image and judged as one change by the
//! library's share model, so that fifty-one resources of one account each are one quota fault.

use crate::findings::{Finding, Outcome, SENSITIVE};
use crate::terraform::SHARE_RESOURCES;
use image_preflight::rules::ShareShape;
use image_preflight::{Code, ImageFacts, Profile, Provider, ShareChange, Subject, judge};
use std::collections::{BTreeMap, BTreeSet};

/// One account added or removed, and where it was written.
#[derive(Clone, Debug)]
pub struct Grant {
    pub address: String,
    pub resource_type: String,
    pub attribute: String,
    /// The account's position in its attribute's list, for list attributes.
    pub position: Option<usize>,
    pub account: String,
    /// The account is marked sensitive where it was written: judged, never shown.
    pub sensitive: bool,
}

#[derive(Default)]
struct ImageShares {
    /// The image id is marked sensitive somewhere: findings show `(sensitive)` for it.
    hidden_id: bool,
    existing: BTreeSet<String>,
    adds: Vec<Grant>,
    removes: Vec<Grant>,
}

/// Every share change of an input, per provider and image.
#[derive(Default)]
pub struct Ledger {
    images: BTreeMap<(Provider, String), ImageShares>,
    /// The accounts of each single request, for the per-request limit.
    requests: Vec<(Provider, Grant, Vec<String>)>,
}

impl Ledger {
    /// `account` is shared with `image` today.
    pub fn existing(&mut self, provider: Provider, image: &str, account: &str) {
        self.image(provider, image)
            .existing
            .insert(account.to_string());
    }

    /// `image`'s id is sensitive: no finding shows it.
    pub fn hide_image(&mut self, provider: Provider, image: &str) {
        self.image(provider, image).hidden_id = true;
    }

    pub fn add(&mut self, provider: Provider, image: &str, grant: Grant) {
        self.image(provider, image).adds.push(grant);
    }

    pub fn remove(&mut self, provider: Provider, image: &str, grant: Grant) {
        self.image(provider, image).removes.push(grant);
    }

    /// One request's list of accounts (judged against the per-request limit alone).
    pub fn request(&mut self, provider: Provider, at: Grant, accounts: Vec<String>) {
        self.requests.push((provider, at, accounts));
    }

    fn image(&mut self, provider: Provider, image: &str) -> &mut ImageShares {
        self.images
            .entry((provider, image.to_string()))
            .or_default()
    }

    /// Judges every image's change and each request's size into `out`.
    pub fn judge(self, profile: Profile, out: &mut Outcome) {
        for ((provider, image), shares) in self.images {
            judge_image(provider, &image, shares, profile, out);
        }
        for (provider, at, accounts) in self.requests {
            let Some(rules) = provider.rules().share_rules() else {
                continue;
            };
            if rules.per_request.is_none_or(|n| accounts.len() <= n) {
                continue;
            }
            let change = ShareChange::lists(accounts, Vec::<String>::new());
            let report = judge(&ImageFacts::new(provider, ""), &change, profile);
            for v in report.violations {
                if v.code == Code::TooManyInRequest {
                    out.findings.push(finding(&at, None, None, v));
                }
            }
        }
    }
}

/// The kind of principal each grant's attribute holds, by position; none at all unless every
/// grant's attribute has one (kinds are matched to accounts by position).
fn principals(grants: &[Grant]) -> Vec<&'static str> {
    let kinds: Option<Vec<&'static str>> = grants
        .iter()
        .map(|g| {
            SHARE_RESOURCES
                .iter()
                .find(|r| r.resource_type == g.resource_type && r.accounts == g.attribute)
                .map(|r| r.principal)
        })
        .collect();
    kinds.unwrap_or_default()
}

/// Which items of `before` are not in `after` (they leave) and which of `after` are not in
/// `before` (they join), flag by flag in each list's order. One ordered set per side, so 100,000
/// accounts cost about 100,000 × 17 comparisons; comparing every pair cost 40 s.
pub fn diff<K: Ord + ?Sized>(before: &[&K], after: &[&K]) -> (Vec<bool>, Vec<bool>) {
    let in_before: BTreeSet<&K> = before.iter().copied().collect();
    let in_after: BTreeSet<&K> = after.iter().copied().collect();
    (
        before.iter().map(|k| !in_after.contains(k)).collect(),
        after.iter().map(|k| !in_before.contains(k)).collect(),
    )
}

/// The first addition that takes an image shared with `remaining` past `limit` accounts; an
/// account already shared, or added twice, counts once.
fn past_limit<'g>(
    adds: &'g [Grant],
    remaining: &BTreeSet<&str>,
    limit: usize,
) -> Option<&'g Grant> {
    let mut seen = BTreeSet::new();
    let mut count = remaining.len();
    adds.iter().find(|g| {
        let account = g.account.as_str();
        if !remaining.contains(account) && seen.insert(account) {
            count += 1;
        }
        count > limit
    })
}

fn finding(
    at: &Grant,
    image: Option<&str>,
    value: Option<&str>,
    mut v: image_preflight::Violation,
) -> Finding {
    v.index = at.position;
    let mut f = Finding {
        address: at.address.clone(),
        resource_type: at.resource_type.clone(),
        attribute: at.attribute.clone(),
        operation: "share",
        value: value.map(Into::into),
        sensitive: false,
        image_id: image.map(str::to_string),
        violation: v,
        place: None,
        also: None,
    };
    if at.sensitive {
        f.hide();
    }
    f
}

fn judge_image(
    provider: Provider,
    image: &str,
    mut shares: ImageShares,
    profile: Profile,
    out: &mut Outcome,
) {
    // An account removed by one resource and added by another (a resource renamed, or
    // replaced) stays shared: no change.
    let added: BTreeSet<String> = shares.adds.iter().map(|g| g.account.clone()).collect();
    let removed: BTreeSet<String> = shares.removes.iter().map(|g| g.account.clone()).collect();
    shares
        .adds
        .retain(|g| !removed.contains(&g.account) || !shares.existing.contains(&g.account));
    shares.removes.retain(|g| !added.contains(&g.account));
    repeats_across_resources(provider, image, &mut shares, profile, out);
    let facts = ImageFacts::new(provider, "").with_shared_with(shares.existing.iter().cloned());
    let accounts = |gs: &[Grant]| gs.iter().map(|g| g.account.clone()).collect::<Vec<_>>();
    let (adds, removes) = (accounts(&shares.adds), accounts(&shares.removes));
    let (add_kinds, remove_kinds) = (principals(&shares.adds), principals(&shares.removes));
    // What stays shared once the removals are done. Two deleted resources may remove one
    // account twice: counting removals, not accounts, underflowed here.
    let removed_accounts: BTreeSet<&str> = removes.iter().map(String::as_str).collect();
    let remaining: BTreeSet<&str> = shares
        .existing
        .iter()
        .map(String::as_str)
        .filter(|a| !removed_accounts.contains(a))
        .collect();
    // A provider whose request goes one way (Tencent's Permission=SHARE or CANCEL) gets the
    // removals first, then the additions against what is left.
    // Share resources are read only for providers with a share call.
    let Some(rules) = provider.rules().share_rules() else {
        return;
    };
    let steps: Vec<(ImageFacts, ShareChange)> = match rules.shape {
        ShareShape::Permission { .. } => {
            let left = ImageFacts::new(provider, "")
                .with_shared_with(remaining.iter().map(|a| a.to_string()));
            vec![
                (
                    facts,
                    ShareChange::cancel(removes.clone()).given_as([], remove_kinds),
                ),
                (
                    left,
                    ShareChange::share(adds.clone()).given_as(add_kinds, []),
                ),
            ]
        }
        ShareShape::Lists { .. } | ShareShape::Items { .. } => {
            let change = ShareChange::lists(adds.clone(), removes);
            vec![(facts, change.given_as(add_kinds, remove_kinds))]
        }
    };
    for (facts, change) in steps {
        if change.add.is_empty() && change.remove.is_empty() {
            continue;
        }
        let limit = rules.per_image.get(profile);
        let report = judge(&facts, &change, profile);
        for v in report.violations {
            let grant = match (v.field, v.index) {
                // Each resource is its own request: request sizes are judged per resource.
                (_, _) if v.code == Code::TooManyInRequest => continue,
                (Subject::Add, Some(i)) => shares.adds.get(i),
                (Subject::Remove, Some(i)) => shares.removes.get(i),
                // Over the quota: the first addition past the limit.
                (Subject::Add, None) => {
                    past_limit(&shares.adds, &remaining, limit).or(shares.adds.last())
                }
                _ => shares.adds.first().or(shares.removes.first()),
            };
            let Some(grant) = grant else { continue };
            let shown_image = if shares.hidden_id { SENSITIVE } else { image };
            out.findings
                .push(finding(grant, Some(shown_image), Some(&grant.account), v));
        }
    }
}

/// An account a second resource adds to an image that an earlier resource adds too. Each
/// resource is its own request, so the second finds the account shared already: it is taken
/// out of the additions (where the library would call it "named twice in the same list") and
/// judged as its own request against an image shared with it, naming the first resource.
/// Repeats within one resource's list stay: those are one list.
fn repeats_across_resources(
    provider: Provider,
    image: &str,
    shares: &mut ImageShares,
    profile: Profile,
    out: &mut Outcome,
) {
    let mut first: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut repeats = Vec::new();
    let mut kept = Vec::with_capacity(shares.adds.len());
    for g in std::mem::take(&mut shares.adds) {
        match first.get(&g.account) {
            Some(&i) if kept.get(i).is_some_and(|f: &Grant| f.address != g.address) => {
                repeats.push((g, kept[i].address.clone()));
            }
            Some(_) => kept.push(g),
            None => {
                first.insert(g.account.clone(), kept.len());
                kept.push(g);
            }
        }
    }
    shares.adds = kept;
    for (g, earlier) in repeats {
        let facts = ImageFacts::new(provider, "").with_shared_with([g.account.clone()]);
        let change = match provider.rules().share_rules().map(|r| r.shape) {
            Some(ShareShape::Permission { .. }) => ShareChange::share(vec![g.account.clone()]),
            _ => ShareChange::lists(vec![g.account.clone()], Vec::<String>::new()),
        };
        for v in judge(&facts, &change, profile).violations {
            let mut f = finding(&g, Some(image), Some(&g.account), v);
            f.also = Some(earlier.clone());
            out.findings.push(f);
        }
    }
}
