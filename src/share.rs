//! Share changes: judging one `ModifyImageSharePermission` request against the image, applying
//! it, and planning the requests that reach a desired share set.

use crate::image::{ImageFacts, ImageKind};
use crate::json::Json;
use crate::report::Report;
use crate::rules::{Profile, ProviderCode, Refusal, ShareRules, ShareShape, UNDOCUMENTED};
use crate::violation::{Code, Subject, Violation};
use std::collections::{BTreeSet, HashSet};

/// The longest account id the library accepts. Providers publish no format beyond "digits"
/// (Tencent and Volcengine ids have 10, Alibaba's 16); 32 digits leaves room for all of them
/// while refusing a pasted paragraph.
pub const ACCOUNT_ID_MAX_DIGITS: usize = 32;

/// Whether `id` is a well-formed account id: 1 to [`ACCOUNT_ID_MAX_DIGITS`] ASCII digits.
pub fn is_account_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= ACCOUNT_ID_MAX_DIGITS && id.bytes().all(|b| b.is_ascii_digit())
}

/// One share request, as two lists.
///
/// Alibaba (`AddAccount.N`, `RemoveAccount.N`) and Volcengine (`AddAccounts.N`,
/// `RemoveAccounts.N`) send both lists in one request. Tencent sends one list (`AccountIds.N`)
/// with `Permission=SHARE` or `CANCEL`: build it with [`ShareChange::share`] or
/// [`ShareChange::cancel`]; a Tencent change with both lists is refused as
/// [`Code::MixedPermission`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShareChange {
    pub add: Vec<String>,
    pub remove: Vec<String>,
}

impl ShareChange {
    /// Adds and removes in one request (Alibaba, Volcengine).
    pub fn lists<A: Into<String>, R: Into<String>>(
        add: impl IntoIterator<Item = A>,
        remove: impl IntoIterator<Item = R>,
    ) -> ShareChange {
        ShareChange {
            add: add.into_iter().map(Into::into).collect(),
            remove: remove.into_iter().map(Into::into).collect(),
        }
    }

    /// Tencent `Permission=SHARE` with these `AccountIds`.
    pub fn share<S: Into<String>>(accounts: impl IntoIterator<Item = S>) -> ShareChange {
        ShareChange::lists(accounts, Vec::<String>::new())
    }

    /// Tencent `Permission=CANCEL` with these `AccountIds`.
    pub fn cancel<S: Into<String>>(accounts: impl IntoIterator<Item = S>) -> ShareChange {
        ShareChange::lists(Vec::<String>::new(), accounts)
    }

    /// The request in the provider's own parameter names, e.g. Tencent
    /// `{"Permission": "CANCEL", "AccountIds": [...]}` or Alibaba
    /// `{"AddAccount": [...], "RemoveAccount": [...]}` (an empty list is left out).
    pub fn to_provider_json(&self, rules: &ShareRules) -> Json {
        let list = |ids: &[String]| Json::Arr(ids.iter().cloned().map(Json::from).collect());
        match rules.shape {
            ShareShape::Permission {
                accounts,
                permission,
                share,
                cancel,
            } => {
                let (direction, ids) = if self.remove.is_empty() {
                    (share, &self.add)
                } else {
                    (cancel, &self.remove)
                };
                Json::object()
                    .with(permission, direction)
                    .with(accounts, list(ids))
            }
            ShareShape::Lists { add, remove } => {
                let mut out = Json::object();
                if !self.add.is_empty() {
                    out.set(add, list(&self.add));
                }
                if !self.remove.is_empty() {
                    out.set(remove, list(&self.remove));
                }
                out
            }
        }
    }
}

/// Collects share violations with what they share: the provider's rules.
struct Judgement<'a> {
    rules: &'a ShareRules,
    report: Report,
}

impl Judgement<'_> {
    fn push(&mut self, subject: Subject, code: Code, refusal: Refusal) -> &mut Violation {
        self.push_code(subject, code, refusal.provider_code)
    }

    fn push_code(
        &mut self,
        subject: Subject,
        code: Code,
        provider_code: Option<ProviderCode>,
    ) -> &mut Violation {
        self.report
            .violations
            .push(Violation::new(subject, code, provider_code));
        self.report.violations.last_mut().expect("just pushed")
    }

    fn account(&mut self, subject: Subject, code: Code, refusal: Refusal, index: usize, id: &str) {
        let v = self.push(subject, code, refusal);
        v.index = Some(index);
        v.found = Some(crate::error::shown(id).into());
    }

    /// The image's own fitness for the change.
    fn image(&mut self, facts: &ImageFacts, adding: bool) {
        let rules = self.rules;
        match facts.kind {
            ImageKind::Custom => {}
            ImageKind::SharedIn => {
                self.push(Subject::Image, Code::ImageNotOwned, rules.shared_in);
            }
            ImageKind::Instance if rules.instance_image.is_some() => {
                let r = rules.instance_image.expect("checked");
                self.push(Subject::Image, Code::ImageKind, r).found = Some(facts.kind.key().into());
            }
            kind => {
                self.push(Subject::Image, Code::ImageKind, rules.not_custom)
                    .found = Some(kind.key().into());
            }
        }
        let state = facts.state_rule();
        if !state.shareable && !state.deprecated {
            self.push(Subject::Image, Code::ImageState, rules.bad_state)
                .found = Some(state.name.into());
        }
        if !adding {
            return;
        }
        // Flags that stop an image from being shared; cancelling its shares stays possible.
        let flags = [
            (
                facts.is_deprecated(),
                rules.deprecated,
                Code::ImageDeprecated,
            ),
            (
                facts.encrypted && !facts.customer_key,
                rules.encrypted,
                Code::ImageEncrypted,
            ),
            (
                facts.encrypted && facts.customer_key,
                rules.encrypted_customer_key,
                Code::ImageEncrypted,
            ),
            (facts.byol, rules.byol, Code::ImageByol),
        ];
        for (set, refusal, code) in flags {
            if let (true, Some(r)) = (set, refusal) {
                self.push(Subject::Image, code, r);
            }
        }
    }

    /// One list's size and each account in it. Returns, per position, the id where it is
    /// well-formed and its first occurrence in the list.
    fn list<'s>(&mut self, subject: Subject, ids: &'s [String]) -> Vec<Option<&'s str>> {
        if let Some(limit) = self.rules.per_request.filter(|&n| ids.len() > n) {
            let v = self.push_code(subject, Code::TooManyInRequest, self.rules.per_request_code);
            v.limit = Some(limit);
            v.actual = Some(ids.len());
        }
        let mut seen = HashSet::with_capacity(ids.len());
        ids.iter()
            .enumerate()
            .map(|(i, id)| {
                if !is_account_id(id) {
                    self.account(subject, Code::BadAccountId, self.rules.bad_account, i, id);
                    None
                } else if !seen.insert(id.as_str()) {
                    self.account(subject, Code::DuplicateAccount, UNDOCUMENTED, i, id);
                    None
                } else {
                    Some(id.as_str())
                }
            })
            .collect()
    }
}

/// Judges `change` against `facts`: every violation, with the provider's code where it has one.
///
/// A violation without a provider code is either a refusal the provider documents no code for,
/// or a request the cloud would take but that is surely a mistake (the same account twice, an
/// account both added and removed, cancelling a share that does not exist). Both refuse the
/// change: a console may show the second kind as a warning.
pub fn judge(facts: &ImageFacts, change: &ShareChange, profile: Profile) -> Report {
    let rules = &facts.provider.rules().share;
    let mut j = Judgement {
        rules,
        report: Report::default(),
    };
    let adding = !change.add.is_empty();
    j.image(facts, adding);
    if change.add.is_empty() && change.remove.is_empty() {
        j.push(Subject::Request, Code::NoAccounts, rules.empty_request);
        return j.report;
    }
    if matches!(rules.shape, ShareShape::Permission { .. }) && adding && !change.remove.is_empty() {
        j.push_code(Subject::Request, Code::MixedPermission, None);
    }
    let adds = j.list(Subject::Add, &change.add);
    let removes = j.list(Subject::Remove, &change.remove);
    let removed: HashSet<&str> = removes.iter().flatten().copied().collect();
    let mut added = 0;
    for (i, id) in adds.iter().enumerate() {
        let Some(id) = *id else { continue }; // malformed or a duplicate: reported already
        if id == facts.owner {
            j.account(Subject::Add, Code::ShareWithSelf, rules.self_share, i, id);
        } else if facts.shared_with.contains(id) {
            j.account(
                Subject::Add,
                Code::AlreadyShared,
                rules.already_shared,
                i,
                id,
            );
        } else if removed.contains(id) {
            j.account(Subject::Add, Code::AddAndRemove, UNDOCUMENTED, i, id);
        } else {
            added += 1;
        }
    }
    let mut kept_removals = 0;
    for (i, id) in removes.iter().enumerate() {
        let Some(id) = *id else { continue };
        if facts.shared_with.contains(id) {
            kept_removals += 1;
        } else {
            j.account(Subject::Remove, Code::NotShared, UNDOCUMENTED, i, id);
        }
    }
    let limit = rules.per_image.get(profile);
    let after = facts.shared_with.len() + added - kept_removals;
    if added > 0 && after > limit {
        let v = j.push_code(Subject::Add, Code::OverQuota, Some(rules.per_image_code));
        v.limit = Some(limit);
        v.actual = Some(after);
    }
    j.report
}

/// Applies `change` to `facts`: the image as it is after the request, or every violation.
///
/// Atomic: `facts` is never touched, so a refused change leaves them exactly as they were.
pub fn apply(
    facts: &ImageFacts,
    change: &ShareChange,
    profile: Profile,
) -> Result<ImageFacts, Vec<Violation>> {
    let report = judge(facts, change, profile);
    if !report.is_valid() {
        return Err(report.violations.into_vec());
    }
    let mut after = facts.clone();
    for id in &change.remove {
        after.shared_with.remove(id);
    }
    after.shared_with.extend(change.add.iter().cloned());
    Ok(after)
}

/// The shortest list of requests that turns `facts`' share set into `desired`.
///
/// Every request is within the provider's per-request limit; removals come before additions,
/// and a request that adds never counts on its own removals, so the per-image limit holds at
/// every step whatever order the cloud applies one request in. A desired set over the limit,
/// with a malformed id, or naming the owner is refused up front; so is an image that cannot be
/// shared; so is a desired set naming an account twice (`DUPLICATE_ACCOUNT`, at the second).
/// Every returned request passes [`apply`], and applying them all in order gives
/// exactly `desired`.
pub fn plan<S: AsRef<str>>(
    facts: &ImageFacts,
    desired: &[S],
    profile: Profile,
) -> Result<Vec<ShareChange>, Vec<Violation>> {
    let rules = &facts.provider.rules().share;
    let mut j = Judgement {
        rules,
        report: Report::default(),
    };
    let limit = rules.per_image.get(profile);
    let mut wanted: BTreeSet<&str> = BTreeSet::new();
    for (i, id) in desired.iter().map(AsRef::as_ref).enumerate() {
        if !is_account_id(id) {
            j.account(Subject::Add, Code::BadAccountId, rules.bad_account, i, id);
        } else if id == facts.owner {
            j.account(Subject::Add, Code::ShareWithSelf, rules.self_share, i, id);
        } else if !wanted.insert(id) {
            // Named twice: a mistake in the caller's list (which of its entries was meant?),
            // refused rather than collapsed in silence, as a request's lists are.
            j.account(Subject::Add, Code::DuplicateAccount, UNDOCUMENTED, i, id);
        }
    }
    if wanted.len() > limit {
        let v = j.push_code(Subject::Add, Code::OverQuota, Some(rules.per_image_code));
        v.limit = Some(limit);
        v.actual = Some(wanted.len());
    }
    if !j.report.is_valid() {
        return Err(j.report.violations.into_vec());
    }
    let current = &facts.shared_with;
    let removes: Vec<&str> = current
        .iter()
        .map(String::as_str)
        .filter(|id| !wanted.contains(id))
        .collect();
    let adds: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|id| !current.contains(*id))
        .collect();
    let (mut removes, mut adds) = (removes.as_slice(), adds.as_slice());
    let per_request = rules.per_request.unwrap_or(usize::MAX);
    let one_direction = matches!(rules.shape, ShareShape::Permission { .. });
    let owned = |ids: &[&str]| ids.iter().map(|id| id.to_string()).collect::<Vec<_>>();
    let mut size = current.len();
    let mut requests = Vec::new();
    while !removes.is_empty() || !adds.is_empty() {
        let (remove, rest) = removes.split_at(removes.len().min(per_request));
        removes = rest;
        // A Tencent request goes one way; otherwise adds ride along, counted before the
        // removals of the same request.
        let room = if one_direction && !remove.is_empty() {
            0
        } else {
            limit.saturating_sub(size)
        };
        let (add, rest) = adds.split_at(adds.len().min(per_request).min(room));
        adds = rest;
        size = size - remove.len() + add.len();
        requests.push(ShareChange {
            add: owned(add),
            remove: owned(remove),
        });
    }
    // Prove each request against the image as it will be, so no request can be refused (the
    // image's own state, kind or flags refuse the first).
    let mut step = facts.clone();
    for request in &requests {
        step = apply(&step, request, profile)?;
    }
    Ok(requests)
}
