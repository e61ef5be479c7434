//! Share changes: judging one share request (the provider's share call, from its table)
//! against the image, applying it, and planning the requests that reach a desired share set.

use crate::image::{ImageFacts, ImageKind};
use crate::json::Json;
use crate::report::Report;
use crate::rules::{
    Piece, Principal, Profile, ProviderCode, Refusal, ShareRules, ShareShape, UNDOCUMENTED,
};
use crate::violation::{Code, Subject, Violation};
use std::collections::BTreeSet;

/// The longest account id of the digits-only form ([`is_account_id`]).
pub const ACCOUNT_ID_MAX_DIGITS: usize = 32;

/// Whether `id` is 1 to [`ACCOUNT_ID_MAX_DIGITS`] ASCII digits: the account form of the
/// providers that publish none beyond "digits". What one provider takes is
/// [`principal_of`].
pub fn is_account_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= ACCOUNT_ID_MAX_DIGITS && id.bytes().all(|b| b.is_ascii_digit())
}

/// The kind of principal `id` is under `rules` (an account, a group, an organisation...), or
/// `None` when it has none of the forms the provider takes. One pass over `id` per kind.
pub fn principal_of<'r>(rules: &'r ShareRules, id: &str) -> Option<&'r Principal> {
    rules.principals.iter().find(|p| matches_form(p.form, id))
}

/// Whether `id` is exactly `form`. A run takes every char of its set it meets (the text after
/// it never starts with one: a table test holds every form to that), so there is no going back.
fn matches_form(form: &[Piece], id: &str) -> bool {
    let mut rest = id;
    for piece in form {
        match *piece {
            Piece::Text(t) => match rest.strip_prefix(t) {
                Some(r) => rest = r,
                None => return false,
            },
            Piece::Run { set, min, max } => {
                let taken = rest
                    .char_indices()
                    .find(|(_, c)| !set.contains(*c))
                    .map_or(rest.len(), |(i, _)| i);
                // The set's chars are ASCII in every form, so bytes are chars here; a wider
                // char counts its bytes, which only refuses sooner.
                if taken < min || taken > max {
                    return false;
                }
                rest = &rest[taken..];
            }
        }
    }
    rest.is_empty()
}

/// One share request, as two lists.
///
/// A provider with two lists (`AddAccount.N` and `RemoveAccount.N`, or
/// `LaunchPermission.Add.N` and `.Remove.N`) sends both in one request. One with a single list
/// and a direction (`AccountIds.N` with `Permission=SHARE` or `CANCEL`) takes one of them:
/// build it with [`ShareChange::share`] or [`ShareChange::cancel`]; such a change with both
/// lists is refused as [`Code::MixedPermission`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShareChange {
    pub add: Vec<String>,
    pub remove: Vec<String>,
    /// The kind of principal ([`Principal::kind`]) each entry of `add` was given as, by
    /// position, where the request names one per entry (`LaunchPermission.Add.N.Group`,
    /// Packer's `ami_groups`): such an entry must have that kind's form, so an account id sent
    /// as a group is refused. Entries past the end of this list are judged by form alone.
    pub add_kinds: Vec<&'static str>,
    /// The same for `remove`.
    pub remove_kinds: Vec<&'static str>,
}

impl ShareChange {
    /// Adds and removes in one request.
    pub fn lists<A: Into<String>, R: Into<String>>(
        add: impl IntoIterator<Item = A>,
        remove: impl IntoIterator<Item = R>,
    ) -> ShareChange {
        ShareChange {
            add: add.into_iter().map(Into::into).collect(),
            remove: remove.into_iter().map(Into::into).collect(),
            add_kinds: Vec::new(),
            remove_kinds: Vec::new(),
        }
    }

    /// Builder: the kind of principal each entry was given as (see [`ShareChange::add_kinds`]).
    pub fn given_as(
        mut self,
        add_kinds: impl IntoIterator<Item = &'static str>,
        remove_kinds: impl IntoIterator<Item = &'static str>,
    ) -> ShareChange {
        self.add_kinds = add_kinds.into_iter().collect();
        self.remove_kinds = remove_kinds.into_iter().collect();
        self
    }

    /// A request that only adds (`Permission=SHARE` where the provider has a direction).
    pub fn share<S: Into<String>>(accounts: impl IntoIterator<Item = S>) -> ShareChange {
        ShareChange::lists(accounts, Vec::<String>::new())
    }

    /// A request that only removes (`Permission=CANCEL` where the provider has a direction).
    pub fn cancel<S: Into<String>>(accounts: impl IntoIterator<Item = S>) -> ShareChange {
        ShareChange::lists(Vec::<String>::new(), accounts)
    }

    /// The request in the provider's own parameter names, e.g.
    /// `{"Permission": "CANCEL", "AccountIds": [...]}`, `{"AddAccount": [...],
    /// "RemoveAccount": [...]}` or `{"LaunchPermission": {"Add": [{"UserId": ...},
    /// {"Group": "all"}]}}` (an empty list is left out).
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
            ShareShape::Items {
                container,
                add,
                remove,
            } => {
                // Each item under the parameter of its kind; an id of no kind (which the
                // judgement refuses) under the first kind's.
                let items = |ids: &[String]| {
                    Json::Arr(
                        ids.iter()
                            .map(|id| {
                                let kind = principal_of(rules, id).unwrap_or(&rules.principals[0]);
                                Json::object().with(kind.parameter, id.clone())
                            })
                            .collect(),
                    )
                };
                let mut inner = Json::object();
                if !self.add.is_empty() {
                    inner.set(add, items(&self.add));
                }
                if !self.remove.is_empty() {
                    inner.set(remove, items(&self.remove));
                }
                Json::object().with(container, inner)
            }
        }
    }
}

/// Whether `id` counts towards the per-image limit: its kind says; an id of no kind counts.
fn counted(rules: &ShareRules, id: &str) -> bool {
    principal_of(rules, id).is_none_or(|p| p.counted)
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

    /// The image's own fitness for the change; `public`, the first principal added that makes
    /// the image public.
    fn image(&mut self, facts: &ImageFacts, adding: bool, public: Option<&str>) {
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
        if let (true, Some(id), Some(r)) = (facts.encrypted, public, rules.encrypted_public) {
            self.push(Subject::Image, Code::ImageEncrypted, r).found = Some(id.into());
        }
    }

    /// An id of none of the provider's forms, or not of the `declared` kind's: the forms it
    /// could have had go with it, for the message.
    fn bad_principal(&mut self, subject: Subject, index: usize, id: &str, declared: Option<&str>) {
        let all = self.rules.principals;
        let principals = declared
            .and_then(|kind| all.iter().position(|p| p.kind == kind))
            .map_or(all, |i| &all[i..=i]);
        self.account(
            subject,
            Code::BadAccountId,
            self.rules.bad_account,
            index,
            id,
        );
        let v = self.report.violations.last_mut().expect("just pushed");
        v.expected = Some(principals);
    }

    /// One list's size and each account in it. Returns, per position, the id where it is
    /// well-formed and its first occurrence in the list.
    fn list<'s>(
        &mut self,
        subject: Subject,
        ids: &'s [String],
        kinds: &[&str],
    ) -> Vec<Option<&'s str>> {
        if let Some(limit) = self.rules.per_request.filter(|&n| ids.len() > n) {
            let v = self.push_code(subject, Code::TooManyInRequest, self.rules.per_request_code);
            v.limit = Some(limit);
            v.actual = Some(ids.len());
        }
        // Sets of `String`, as the image's share set is, rather than hash sets of `&str`: one
        // kind of set in the .wasm, 1 KB less of it gzipped (docs/javascript.md, "Size").
        let mut seen = BTreeSet::new();
        ids.iter()
            .enumerate()
            .map(|(i, id)| {
                let declared = kinds.get(i).copied();
                let form = principal_of(self.rules, id);
                if form.is_none_or(|p| declared.is_some_and(|kind| p.kind != kind)) {
                    self.bad_principal(subject, i, id, declared);
                    None
                } else if !seen.insert(id.clone()) {
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
    let Some(rules) = facts.provider.rules().share_rules() else {
        return no_call();
    };
    let mut j = Judgement {
        rules,
        report: Report::default(),
    };
    let adding = !change.add.is_empty();
    let public = (change.add.iter())
        .find(|id| principal_of(rules, id).is_some_and(|p| p.public))
        .map(String::as_str);
    j.image(facts, adding, public);
    if change.add.is_empty() && change.remove.is_empty() {
        j.push(Subject::Request, Code::NoAccounts, rules.empty_request);
        return j.report;
    }
    if matches!(rules.shape, ShareShape::Permission { .. }) && adding && !change.remove.is_empty() {
        j.push_code(Subject::Request, Code::MixedPermission, None);
    }
    let adds = j.list(Subject::Add, &change.add, &change.add_kinds);
    let removes = j.list(Subject::Remove, &change.remove, &change.remove_kinds);
    let removed: BTreeSet<String> = removes.iter().flatten().map(|id| id.to_string()).collect();
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
        } else if counted(rules, id) {
            added += 1;
        }
    }
    let mut kept_removals = 0;
    for (i, id) in removes.iter().enumerate() {
        let Some(id) = *id else { continue };
        if facts.shared_with.contains(id) {
            kept_removals += usize::from(counted(rules, id));
        } else {
            j.account(Subject::Remove, Code::NotShared, UNDOCUMENTED, i, id);
        }
    }
    let limit = rules.per_image.get(profile);
    let after = count(rules, facts.shared_with.iter()) + added - kept_removals;
    if added > 0 && after > limit {
        let v = j.push_code(Subject::Add, Code::OverQuota, rules.per_image_code);
        v.limit = Some(limit);
        v.actual = Some(after);
    }
    j.report
}

/// How many of `ids` count towards the per-image limit.
fn count<'a>(rules: &ShareRules, ids: impl Iterator<Item = &'a String>) -> usize {
    ids.filter(|id| counted(rules, id)).count()
}

/// The answer to any share request where the provider has no share call.
fn no_call() -> Report {
    let mut report = Report::default();
    report
        .violations
        .push(Violation::new(Subject::Request, Code::NotSupported, None));
    report
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
    let Some(rules) = facts.provider.rules().share_rules() else {
        return Err(no_call().violations.into_vec());
    };
    let mut j = Judgement {
        rules,
        report: Report::default(),
    };
    let limit = rules.per_image.get(profile);
    // Of `String`, not of `&str`, though each id is copied: the image's share set is one, and
    // a second kind of B-tree would be 2 KB more of the gzipped .wasm (docs/javascript.md).
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    for (i, id) in desired.iter().map(AsRef::as_ref).enumerate() {
        if principal_of(rules, id).is_none() {
            j.bad_principal(Subject::Add, i, id, None);
        } else if id == facts.owner {
            j.account(Subject::Add, Code::ShareWithSelf, rules.self_share, i, id);
        } else if !wanted.insert(id.to_owned()) {
            // Named twice: a mistake in the caller's list (which of its entries was meant?),
            // refused rather than collapsed in silence, as a request's lists are.
            j.account(Subject::Add, Code::DuplicateAccount, UNDOCUMENTED, i, id);
        }
    }
    let wanted_count = wanted.iter().filter(|id| counted(rules, id)).count();
    if wanted_count > limit {
        let v = j.push_code(Subject::Add, Code::OverQuota, rules.per_image_code);
        v.limit = Some(limit);
        v.actual = Some(wanted_count);
    }
    if !j.report.is_valid() {
        return Err(j.report.violations.into_vec());
    }
    let current = &facts.shared_with;
    let removes: Vec<&str> = current
        .iter()
        .map(String::as_str)
        .filter(|id| !wanted.contains(*id))
        .collect();
    let adds: Vec<&str> = wanted
        .iter()
        .map(String::as_str)
        .filter(|id| !current.contains(*id))
        .collect();
    // Principals that count towards the limit need room; the others (a public group) do not.
    let (adds, free): (Vec<&str>, Vec<&str>) = adds.into_iter().partition(|id| counted(rules, id));
    let (mut removes, mut adds, mut free) = (removes.as_slice(), adds.as_slice(), free.as_slice());
    let per_request = rules.per_request.unwrap_or(usize::MAX);
    let one_direction = matches!(rules.shape, ShareShape::Permission { .. });
    let owned = |ids: &[&str]| ids.iter().map(|id| id.to_string()).collect::<Vec<_>>();
    let mut size = count(rules, current.iter());
    let mut requests = Vec::new();
    while !removes.is_empty() || !adds.is_empty() || !free.is_empty() {
        let (remove, rest) = removes.split_at(removes.len().min(per_request));
        removes = rest;
        // A request with a direction goes one way; otherwise adds ride along, counted before
        // the removals of the same request.
        let (room, open) = if one_direction && !remove.is_empty() {
            (0, 0)
        } else {
            (limit.saturating_sub(size), per_request)
        };
        let (add, rest) = adds.split_at(adds.len().min(open).min(room));
        adds = rest;
        let (more, rest) = free.split_at(free.len().min(open - add.len()));
        free = rest;
        size = size - remove.iter().filter(|id| counted(rules, id)).count() + add.len();
        let mut add = owned(add);
        add.extend(owned(more));
        requests.push(ShareChange::lists(add, owned(remove)));
    }
    // Prove each request against the image as it will be, so no request can be refused (the
    // image's own state, kind or flags refuse the first).
    let mut step = facts.clone();
    for request in &requests {
        step = apply(&step, request, profile)?;
    }
    Ok(requests)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::CharSet;

    #[test]
    fn forms_match_whole_ids_in_one_pass() {
        const LOWER: CharSet = CharSet::lower_case(true, "");
        let form = [
            Piece::Text("o-"),
            Piece::Run {
                set: &LOWER,
                min: 2,
                max: 4,
            },
            Piece::Text("/x"),
        ];
        for (id, want) in [
            ("o-ab/x", true),
            ("o-abcd/x", true),
            ("o-a/x", false),
            ("o-abcde/x", false),
            ("o-AB/x", false),
            ("o-ab/x/", false),
            ("o-ab", false),
            ("", false),
            ("o-a中/x", false),
        ] {
            assert_eq!(matches_form(&form, id), want, "{id:?}");
        }
    }

    /// An AMI encrypted with a customer managed key shares with accounts but is never public.
    #[test]
    fn customer_key_amis_share_but_are_never_public() {
        let mut facts = ImageFacts::new(crate::Provider::Aws, "111122223333");
        facts.encrypted = true;
        facts.customer_key = true;
        let account = ShareChange::share(["444455556666"]);
        assert!(judge(&facts, &account, Profile::Latest).is_valid());
        let public = judge(&facts, &ShareChange::share(["all"]), Profile::Latest);
        let codes: Vec<Code> = public.violations.iter().map(|v| v.code).collect();
        assert_eq!(codes, [Code::ImageEncrypted]);
        facts.customer_key = false;
        assert!(!judge(&facts, &account, Profile::Latest).is_valid());
    }

    /// A principal given in a parameter of one kind must have that kind's form: an account id
    /// sent as `LaunchPermission.Add.1.Group` is refused, naming only the group's form.
    #[test]
    fn a_principal_given_as_one_kind_must_have_its_form() {
        let facts = ImageFacts::new(crate::Provider::Aws, "111122223333");
        let as_group = ShareChange::share(["444455556666"]).given_as(["group"], []);
        let report = judge(&facts, &as_group, Profile::Latest);
        let v = &report.violations[..];
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!((v[0].code, v[0].index), (Code::BadAccountId, Some(0)));
        let kinds: Vec<&str> = v[0].expected.unwrap().iter().map(|p| p.kind).collect();
        assert_eq!(kinds, ["group"]);
        // The same id as an account, and `all` as a group, pass; with no kind given, the form
        // alone decides.
        let fine = ShareChange::share(["444455556666", "all"]).given_as(["account", "group"], []);
        assert!(judge(&facts, &fine, Profile::Latest).is_valid());
        assert!(
            judge(
                &facts,
                &ShareChange::share(["444455556666"]),
                Profile::Latest
            )
            .is_valid()
        );
        // `all` given as an account, on the remove side.
        let shared = facts.clone().with_shared_with(["all"]);
        let remove = ShareChange::cancel(["all"]).given_as([], ["account"]);
        let report = judge(&shared, &remove, Profile::Latest);
        assert_eq!(report.violations[0].code, Code::BadAccountId);
        assert_eq!(report.violations[0].field, Subject::Remove);
    }
}
