//! Share `apply` and `plan` on arbitrary images and sequences of changes: a refused change
//! leaves the facts exactly as they were, no share set ever passes its limit, and every plan's
//! requests pass `apply` and reach the desired set exactly.
#![no_main]

use arbitrary::Arbitrary;
use image_preflight::rules::ShareRules;
use image_preflight::{ImageFacts, Profile, Provider, ShareChange, apply, plan, principal_of};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeSet;

#[derive(Arbitrary, Debug)]
struct Input {
    provider: u8,
    strict: bool,
    state: u8,
    kind: u8,
    encrypted: bool,
    customer_key: bool,
    byol: bool,
    deprecated: bool,
    shared: Vec<u8>,
    changes: Vec<(Vec<Account>, Vec<Account>)>,
    desired: Vec<Account>,
}

/// Accounts from a small pool, so collisions, self-shares and limits all come up. Ids have 12
/// digits, a form every cloud with a share call accepts (AWS takes nothing else).
#[derive(Arbitrary, Debug)]
enum Account {
    Id(u8),
    Owner,
    Text(String),
}

impl Account {
    fn id(&self) -> String {
        match self {
            Account::Id(n) => account(*n),
            Account::Owner => OWNER.into(),
            Account::Text(s) => s.clone(),
        }
    }
}

const OWNER: &str = "999999999999";

fn account(n: u8) -> String {
    (100_000_000_000u64 + u64::from(n)).to_string()
}

/// Principals that count towards the per-image limit (AWS's `all` group does not).
fn counted(share: &ShareRules, ids: impl IntoIterator<Item = impl AsRef<str>>) -> usize {
    ids.into_iter()
        .filter(|id| principal_of(share, id.as_ref()).is_none_or(|p| p.counted))
        .count()
}

fuzz_target!(|input: Input| {
    // Every provider the tables hold, so a new cloud is fuzzed the day it is added.
    let provider = Provider::ALL[usize::from(input.provider) % Provider::ALL.len()];
    let profile = if input.strict { Profile::Strict } else { Profile::Latest };
    let rules = provider.rules();
    let states = rules.states();
    let mut facts = ImageFacts::new(provider, OWNER)
        .with_state(states[usize::from(input.state) % states.len()].name)
        .unwrap();
    facts
        .set_kind(rules.kinds[usize::from(input.kind) % rules.kinds.len()])
        .unwrap();
    (facts.encrypted, facts.customer_key) = (input.encrypted, input.customer_key);
    (facts.byol, facts.deprecated) = (input.byol, input.deprecated);

    let Some(share) = rules.share_rules() else {
        // A cloud with no share call refuses every change, and no plan is made.
        let change = ShareChange::lists([account(1)], Vec::<String>::new());
        assert!(apply(&facts, &change, profile).is_err());
        assert!(plan(&facts, &[account(1)], profile).is_err());
        return;
    };
    let limit = share.per_image.get(profile);
    facts = facts.with_shared_with(input.shared.iter().take(limit).map(|n| account(*n)));

    for (add, remove) in &input.changes {
        let change = ShareChange::lists(add.iter().map(Account::id), remove.iter().map(Account::id));
        let before = facts.clone();
        match apply(&facts, &change, profile) {
            Ok(after) => {
                assert!(counted(share, after.shared_with()) <= limit);
                facts = after;
            }
            Err(found) => {
                assert!(!found.is_empty());
                assert_eq!(facts, before);
            }
        }
    }

    let desired: Vec<String> = input.desired.iter().map(Account::id).collect();
    if let Ok(requests) = plan(&facts, &desired, profile) {
        let mut step = facts.clone();
        for r in &requests {
            assert!(counted(share, step.shared_with()) + counted(share, &r.add) <= limit);
            step = apply(&step, r, profile).expect("a planned request passes apply");
        }
        let want: BTreeSet<&str> = desired.iter().map(String::as_str).collect();
        let got: BTreeSet<&str> = step.shared_with().iter().map(String::as_str).collect();
        assert_eq!(got, want);
    }
});
