//! Share changes spread over many resources, gathered per image and judged as one change by the
//! library's share model, so that fifty-one resources of one account each are one quota fault.

use crate::findings::{Finding, Outcome};
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
}

#[derive(Default)]
struct ImageShares {
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
            let rules = &provider.rules().share;
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

fn finding(
    at: &Grant,
    image: Option<&str>,
    value: Option<&str>,
    mut v: image_preflight::Violation,
) -> Finding {
    v.index = at.position;
    Finding {
        address: at.address.clone(),
        resource_type: at.resource_type.clone(),
        attribute: at.attribute.clone(),
        operation: "share",
        value: value.map(str::to_string),
        image_id: image.map(str::to_string),
        violation: v,
        place: None,
        also: None,
    }
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
    // A provider whose request goes one way (Tencent's Permission=SHARE or CANCEL) gets the
    // removals first, then the additions against what is left.
    let steps: Vec<(ImageFacts, ShareChange)> = match provider.rules().share.shape {
        ShareShape::Permission { .. } => {
            let left = ImageFacts::new(provider, "").with_shared_with(
                shares
                    .existing
                    .iter()
                    .filter(|a| !removes.contains(a))
                    .cloned(),
            );
            vec![
                (facts, ShareChange::cancel(removes.clone())),
                (left, ShareChange::share(adds.clone())),
            ]
        }
        ShareShape::Lists { .. } => vec![(facts, ShareChange::lists(adds.clone(), removes))],
    };
    for (facts, change) in steps {
        if change.add.is_empty() && change.remove.is_empty() {
            continue;
        }
        let limit = provider.rules().share.per_image.get(profile);
        let report = judge(&facts, &change, profile);
        for v in report.violations {
            let grant = match (v.field, v.index) {
                // Each resource is its own request: request sizes are judged per resource.
                (_, _) if v.code == Code::TooManyInRequest => continue,
                (Subject::Add, Some(i)) => shares.adds.get(i),
                (Subject::Remove, Some(i)) => shares.removes.get(i),
                // Over the quota: the first addition past the limit.
                (Subject::Add, None) => {
                    let base = facts.shared_with().len() - change.remove.len();
                    shares
                        .adds
                        .get(limit.saturating_sub(base))
                        .or(shares.adds.last())
                }
                _ => shares.adds.first().or(shares.removes.first()),
            };
            let Some(grant) = grant else { continue };
            out.findings
                .push(finding(grant, Some(image), Some(&grant.account), v));
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
        let change = match provider.rules().share.shape {
            ShareShape::Permission { .. } => ShareChange::share(vec![g.account.clone()]),
            ShareShape::Lists { .. } => {
                ShareChange::lists(vec![g.account.clone()], Vec::<String>::new())
            }
        };
        for v in judge(&facts, &change, profile).violations {
            let mut f = finding(&g, Some(image), Some(&g.account), v);
            f.also = Some(earlier.clone());
            out.findings.push(f);
        }
    }
}
