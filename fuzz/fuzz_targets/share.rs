//! Share `apply` and `plan` on arbitrary images and sequences of changes: a refused change
//! leaves the facts exactly as they were, no share set ever passes its limit, and every plan's
//! requests pass `apply` and reach the desired set exactly.
#![no_main]

use arbitrary::Arbitrary;
use image_preflight::{ImageFacts, ImageKind, Profile, Provider, ShareChange, apply, plan};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeSet;

#[derive(Arbitrary, Debug)]
struct Input {
    provider: u8,
    strict: bool,
    state: u8,
    kind: u8,
    encrypted: bool,
    byol: bool,
    deprecated: bool,
    shared: Vec<u8>,
    changes: Vec<(Vec<Account>, Vec<Account>)>,
    desired: Vec<Account>,
}

/// Accounts from a small pool, so collisions, self-shares and limits all come up.
#[derive(Arbitrary, Debug)]
enum Account {
    Id(u8),
    Owner,
    Text(String),
}

impl Account {
    fn id(&self) -> String {
        match self {
            Account::Id(n) => (1000 + u32::from(*n)).to_string(),
            Account::Owner => "999".into(),
            Account::Text(s) => s.clone(),
        }
    }
}

fuzz_target!(|input: Input| {
    let provider = Provider::ALL[usize::from(input.provider) % 3];
    let profile = if input.strict { Profile::Strict } else { Profile::Latest };
    let limit = provider.rules().share.per_image.get(profile);
    let states = provider.rules().share.states;
    let mut facts = ImageFacts::new(provider, "999")
        .with_state(states[usize::from(input.state) % states.len()].name)
        .unwrap()
        .with_shared_with(input.shared.iter().take(limit).map(|n| (1000 + u32::from(*n)).to_string()));
    facts.kind = ImageKind::ALL[usize::from(input.kind) % ImageKind::ALL.len()];
    (facts.encrypted, facts.byol, facts.deprecated) = (input.encrypted, input.byol, input.deprecated);

    for (add, remove) in &input.changes {
        let change = ShareChange::lists(add.iter().map(Account::id), remove.iter().map(Account::id));
        let before = facts.clone();
        match apply(&facts, &change, profile) {
            Ok(after) => {
                assert!(after.shared_with().len() <= limit);
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
            assert!(step.shared_with().len() + r.add.len() <= limit);
            step = apply(&step, r, profile).expect("a planned request passes apply");
        }
        let want: BTreeSet<&str> = desired.iter().map(String::as_str).collect();
        let got: BTreeSet<&str> = step.shared_with().iter().map(String::as_str).collect();
        assert_eq!(got, want);
    }
});
