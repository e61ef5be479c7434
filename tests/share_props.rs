//! Property tests of the share-set invariants: a refused change leaves the facts unchanged, no
//! share set ever exceeds its limit, and every plan's requests pass `apply` and reach the
//! desired set exactly.

use image_preflight::{Code, ImageFacts, ImageKind, Profile, Provider, ShareChange, apply, plan};
use proptest::prelude::*;
use std::collections::BTreeSet;

const OWNER: &str = "000000000999";

/// Ids drawn from a pool a little larger than the 50-account limits, plus the owner and a
/// malformed id, so limits, self-shares and bad ids all come up.
fn account() -> impl Strategy<Value = String> {
    prop_oneof![
        // Twelve digits: an account id for every provider (AWS takes exactly 12).
        20 => (1000u32..1070).prop_map(|n| format!("{n:012}")),
        1 => Just(OWNER.to_string()),
        1 => Just("12a".to_string()),
    ]
}

/// The providers with a share call.
fn provider() -> impl Strategy<Value = Provider> {
    let sharing: Vec<Provider> = Provider::ALL
        .iter()
        .copied()
        .filter(|p| p.rules().share_rules().is_some())
        .collect();
    prop::sample::select(sharing)
}

fn profile() -> impl Strategy<Value = Profile> {
    prop::sample::select(Profile::ALL.to_vec())
}

fn limit(p: Provider, profile: Profile) -> usize {
    share(p).per_image.get(profile)
}

fn share(p: Provider) -> &'static image_preflight::rules::ShareRules {
    p.rules()
        .share_rules()
        .expect("a provider with a share call")
}

/// An image that may or may not be shareable, shared with at most its limit.
fn facts() -> impl Strategy<Value = (ImageFacts, Profile)> {
    (
        provider(),
        profile(),
        prop::collection::btree_set(1000u32..1070, 0..60),
        any::<bool>(),
        0u8..8,
    )
        .prop_map(|(p, profile, shared, encrypted, odd)| {
            let shared: BTreeSet<String> = shared.into_iter().map(|n| format!("{n:012}")).collect();
            let mut f = ImageFacts::new(p, OWNER);
            let shared: Vec<String> = shared.into_iter().take(limit(p, profile)).collect();
            f = f.with_shared_with(shared);
            f.encrypted = encrypted && odd == 0;
            if odd == 1 {
                f.kind = ImageKind::SharedIn;
            }
            if odd == 2 {
                let other = p.rules().states().iter().find(|s| !s.shareable).unwrap();
                f.set_state(other.name).unwrap();
            }
            (f, profile)
        })
}

fn change() -> impl Strategy<Value = ShareChange> {
    (
        prop::collection::vec(account(), 0..14),
        prop::collection::vec(account(), 0..14),
    )
        .prop_map(|(add, remove)| ShareChange::lists(add, remove))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn refused_changes_touch_nothing_and_limits_hold((f, profile) in facts(), changes in prop::collection::vec(change(), 1..8)) {
        let mut facts = f;
        for c in &changes {
            let before = facts.clone();
            match apply(&facts, c, profile) {
                Ok(after) => {
                    prop_assert!(after.shared_with().len() <= limit(facts.provider, profile));
                    prop_assert!(!after.shared_with().contains(OWNER));
                    facts = after;
                }
                Err(found) => {
                    prop_assert_eq!(&facts, &before);
                    prop_assert!(!found.is_empty());
                }
            }
        }
    }

    #[test]
    fn plans_pass_apply_and_reach_the_desired_set((f, profile) in facts(), desired in prop::collection::vec(account(), 0..70)) {
        let rules = share(f.provider);
        let wanted: BTreeSet<&str> = desired.iter().map(String::as_str).collect();
        match plan(&f, &desired, profile) {
            Ok(requests) => {
                prop_assert!(wanted.len() <= limit(f.provider, profile));
                let mut step = f.clone();
                for r in &requests {
                    let per_request = rules.per_request.unwrap_or(usize::MAX);
                    prop_assert!(r.add.len() <= per_request && r.remove.len() <= per_request);
                    prop_assert!(!r.add.is_empty() || !r.remove.is_empty());
                    if matches!(rules.shape, image_preflight::rules::ShareShape::Permission { .. }) {
                        prop_assert!(r.add.is_empty() || r.remove.is_empty());
                    }
                    // Adds never count on the same request's removals.
                    prop_assert!(step.shared_with().len() + r.add.len() <= limit(f.provider, profile));
                    step = match apply(&step, r, profile) {
                        Ok(next) => next,
                        Err(e) => return Err(TestCaseError::fail(format!("planned request refused: {e:?}"))),
                    };
                }
                let got: BTreeSet<&str> = step.shared_with().iter().map(String::as_str).collect();
                prop_assert_eq!(got, wanted);
            }
            Err(found) => {
                let over = wanted.iter().filter(|id| **id != OWNER && **id != "12a").count() > limit(f.provider, profile);
                let codes: Vec<Code> = found.iter().map(|v| v.code).collect();
                prop_assert!(!over || codes.contains(&Code::OverQuota));
                prop_assert!(!codes.is_empty());
            }
        }
    }
}

#[test]
fn plans_are_shortest_for_alibaba_full_swap() {
    // 50 shared, 50 different wanted: the first request can only remove (the image is full);
    // after that each request removes 10 and adds 10, and one more adds the last 10.
    let f = ImageFacts::new(Provider::Alibaba, OWNER)
        .with_shared_with((1000..1050).map(|n: u32| format!("{n:012}")));
    let desired: Vec<String> = (2000..2050).map(|n: u32| format!("{n:012}")).collect();
    assert_eq!(plan(&f, &desired, Profile::Latest).unwrap().len(), 6);
}
