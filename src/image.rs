//! What the library knows of one image, and the attribute changes that depend on it.

use crate::check::validate;
use crate::error::{Error, shown};
use crate::report::Report;
use crate::rules::{Field, ImageState, Operation, Profile, Provider, Refusal, keyed_enum};
use crate::violation::{Code, Subject, Violation};
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// Whose image it is and where it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(C)]
pub enum ImageKind {
    /// Your own custom (private) image.
    Custom = 0,
    /// Shared with you by another account.
    SharedIn = 1,
    /// A provider's public image.
    Public = 2,
    /// A marketplace image.
    Marketplace = 3,
    /// An instance image (made from a whole instance), where the provider has them.
    Instance = 4,
}

keyed_enum!(ImageKind, "image kind" {
    Custom => "custom",
    SharedIn => "shared-in",
    Public => "public",
    Marketplace => "marketplace",
    Instance => "instance",
});

/// An image as the provider describes it: the facts every share change and attribute change is
/// judged against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageFacts {
    pub provider: Provider,
    /// The account that owns the image.
    pub owner: String,
    pub region: Option<String>,
    state: &'static ImageState,
    pub kind: ImageKind,
    pub encrypted: bool,
    /// With `encrypted`: the key is one the customer manages (KMS), not the provider's
    /// service key; some providers share only such an image.
    pub customer_key: bool,
    pub byol: bool,
    /// Deprecated by the deprecation switch (`ImageDeprecated`); an image in a state that
    /// means deprecated (`Deprecated`) is deprecated whatever this says.
    pub deprecated: bool,
    pub(crate) shared_with: BTreeSet<String>,
}

impl ImageFacts {
    /// Your own custom image, in the state that allows sharing, shared with nobody.
    pub fn new(provider: Provider, owner: impl Into<String>) -> ImageFacts {
        ImageFacts {
            provider,
            owner: owner.into(),
            region: None,
            state: provider.rules().shareable_state(),
            kind: ImageKind::Custom,
            encrypted: false,
            customer_key: false,
            byol: false,
            deprecated: false,
            shared_with: BTreeSet::new(),
        }
    }

    /// Sets the state, in the provider's own spelling (`NORMAL`, `Available`, `READY`).
    pub fn set_state(&mut self, state: &str) -> Result<(), Error> {
        let rules = self.provider.rules();
        self.state = rules.state(state).ok_or_else(|| Error::UnknownState {
            provider: self.provider.key(),
            state: shown(state),
            known: rules
                .states()
                .iter()
                .map(|s| s.name)
                .collect::<Vec<_>>()
                .join(", "),
        })?;
        Ok(())
    }

    /// Sets the kind, one of the provider's ([`crate::ProviderRules::kinds`]).
    pub fn set_kind(&mut self, kind: ImageKind) -> Result<(), Error> {
        let kinds = self.provider.rules().kinds;
        if !kinds.contains(&kind) {
            return Err(Error::UnknownKind {
                provider: self.provider.key(),
                kind: kind.key(),
                known: kinds.iter().map(|k| k.key()).collect::<Vec<_>>().join(", "),
            });
        }
        self.kind = kind;
        Ok(())
    }

    /// Builder form of [`ImageFacts::set_state`].
    pub fn with_state(mut self, state: &str) -> Result<ImageFacts, Error> {
        self.set_state(state)?;
        Ok(self)
    }

    /// Builder: the accounts the image is shared with today.
    pub fn with_shared_with<S: Into<String>>(
        mut self,
        accounts: impl IntoIterator<Item = S>,
    ) -> ImageFacts {
        self.shared_with = accounts.into_iter().map(Into::into).collect();
        self
    }

    /// The state in the provider's spelling.
    pub fn state(&self) -> &'static str {
        self.state.name
    }

    pub(crate) fn state_rule(&self) -> &'static ImageState {
        self.state
    }

    /// Deprecated by the switch or by its state.
    pub fn is_deprecated(&self) -> bool {
        self.deprecated || self.state.deprecated
    }

    /// The accounts the image is shared with, sorted.
    pub fn shared_with(&self) -> &BTreeSet<String> {
        &self.shared_with
    }
}

/// The attributes one request sets (`ModifyImageAttribute`, `CreateImage`, `CopyImage` /
/// `SyncImages` or `ImportImage`, as the operation says): `None` means the parameter is not
/// sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AttributeChange<'a> {
    pub name: Option<&'a str>,
    pub description: Option<&'a str>,
    pub family: Option<&'a str>,
    /// `BootMode`.
    pub boot_mode: Option<&'a str>,
    /// `Status` (`Available` or `Deprecated`): the provider's table says which value deprecates.
    pub status: Option<&'a str>,
    /// `LicenseType` (ImportImage; ModifyImageAttribute where the provider takes it).
    pub license_type: Option<&'a str>,
    /// `Architecture` (ImportImage; CreateImage where the provider takes it).
    pub architecture: Option<&'a str>,
    /// `Platform` (CreateImage and ImportImage where the provider takes it).
    pub platform: Option<&'a str>,
    /// `OSType` / `OsType` (ImportImage).
    pub os_type: Option<&'a str>,
    /// `Features.NvmeSupport`.
    pub nvme_support: Option<&'a str>,
    /// `Features.ImdsSupport`.
    pub imds_support: Option<&'a str>,
    /// The deprecation switch as a boolean (`ImageDeprecated`; where the switch is a `Status`
    /// value, the same as `status`).
    pub deprecated: Option<bool>,
}

impl<'a> AttributeChange<'a> {
    /// Where `field`'s value goes: the one place that maps a [`Field`] to its slot, so every
    /// face builds a request from (field, value) pairs without listing the fields itself.
    pub fn slot(&mut self, field: Field) -> &mut Option<&'a str> {
        match field {
            Field::Name => &mut self.name,
            Field::Description => &mut self.description,
            Field::Family => &mut self.family,
            Field::BootMode => &mut self.boot_mode,
            Field::Status => &mut self.status,
            Field::LicenseType => &mut self.license_type,
            Field::Architecture => &mut self.architecture,
            Field::Platform => &mut self.platform,
            Field::OsType => &mut self.os_type,
            Field::NvmeSupport => &mut self.nvme_support,
            Field::ImdsSupport => &mut self.imds_support,
        }
    }

    /// Builder: sends `value` as `field`.
    pub fn with(mut self, field: Field, value: &'a str) -> Self {
        *self.slot(field) = Some(value);
        self
    }

    /// Whether the request sends nothing at all: no field and no deprecation switch.
    pub fn is_empty(&self) -> bool {
        self.deprecated.is_none() && self.fields().all(|(_, v)| v.is_none())
    }

    /// Every field with the value sent, in [`Field`] order.
    pub fn fields(&self) -> impl Iterator<Item = (Field, Option<&'a str>)> + use<'a> {
        let copy = *self;
        Field::ALL.iter().map(move |&f| (f, *copy.clone().slot(f)))
    }

    /// Sends `value` as `field`, refusing a field already sent ([`Error::FieldTwice`]): a face
    /// that takes (field, value) pairs never silently keeps one of two values.
    pub fn send(&mut self, field: Field, value: &'a str) -> Result<(), Error> {
        let slot = self.slot(field);
        if slot.is_some() {
            return Err(Error::FieldTwice { field: field.key() });
        }
        *slot = Some(value);
        Ok(())
    }

    /// Sets the value sent for `field` (`None`: not sent).
    pub fn set(&mut self, field: Field, value: Option<&'a str>) {
        *self.slot(field) = value;
    }

    /// The value sent for `field`, if any.
    pub fn get(&self, field: Field) -> Option<&'a str> {
        *self.clone().slot(field)
    }

    /// Whether the request deprecates (`Some(true)`) or un-deprecates the image: the boolean
    /// switch, or else a `Status` value the provider's table says deprecates. A `Status` value
    /// outside the list says nothing (it is a violation of its own).
    fn deprecation(&self, provider: Provider) -> Option<bool> {
        if self.deprecated.is_some() {
            return self.deprecated;
        }
        let deprecating = provider.rules().attributes.deprecating_status?;
        let status = self.status.filter(|s| !s.is_empty())?;
        let accepted = provider
            .rules()
            .field(Operation::Modify, Field::Status, Profile::Latest)
            .is_some_and(|rule| rule.one_of.contains(&status));
        accepted.then_some(status == deprecating)
    }
}

/// Judges a whole request for `operation`: every field sent, and the deprecation switch.
pub fn validate_request(
    provider: Provider,
    operation: Operation,
    profile: Profile,
    change: &AttributeChange<'_>,
) -> Report {
    let mut report = Report::default();
    for (field, value) in change.fields() {
        if let Some(v) = value {
            report.merge(validate(provider, operation, field, v, profile));
        }
    }
    cross_rules(provider, operation, change, &mut report);
    if change.deprecated.is_some() && !provider.rules().attributes.has_deprecation {
        report.violations.push(Violation::new(
            Subject::Deprecation,
            Code::NotSupported,
            None,
        ));
    }
    report
}

/// The rules between two fields of one request (an `arm64` import that takes only `UEFI`).
/// A field already refused for its own value is not judged again here.
fn cross_rules(
    provider: Provider,
    operation: Operation,
    change: &AttributeChange<'_>,
    report: &mut Report,
) {
    for rule in provider.rules().cross {
        if !rule.operations.contains(&operation) {
            continue;
        }
        let when = change.get(rule.when);
        let then = change.get(rule.then).filter(|v| !v.is_empty());
        let (Some(when), Some(then)) = (when, then) else {
            continue;
        };
        let own_fault = report
            .violations
            .iter()
            .any(|v| v.field == rule.then.into());
        if rule.is.contains(&when) && !rule.must_be.contains(&then) && !own_fault {
            let mut v =
                Violation::new(rule.then.into(), Code::NotOneOf, rule.refusal.provider_code);
            v.allowed = Some(rule.must_be);
            report.violations.push(v);
        }
    }
}

/// Judges a whole `ModifyImageAttribute` request against the image it would change: the fields,
/// and what the image's kind, state and sharing forbid.
pub fn validate_request_for(
    facts: &ImageFacts,
    profile: Profile,
    change: &AttributeChange<'_>,
) -> Report {
    let mut report = validate_request(facts.provider, Operation::Modify, profile, change);
    report.merge(judge_attributes(facts, change));
    report
}

/// Only what the image forbids of a `ModifyImageAttribute` request (its kind, state and
/// sharing), without checking the values themselves.
pub fn judge_attributes(facts: &ImageFacts, change: &AttributeChange<'_>) -> Report {
    let mut report = Report::default();
    let rules = &facts.provider.rules().attributes;
    let refuse = |report: &mut Report, refusal: Option<Refusal>, code: Code, subject: Subject| {
        if let Some(r) = refusal {
            let mut v = Violation::new(subject, code, r.provider_code);
            if code == Code::ImageShared {
                v.actual = Some(facts.shared_with.len());
            }
            if code == Code::ImageState {
                v.found = Some(facts.state().into());
            }
            report.violations.push(v);
        }
    };
    let texts = change.fields().any(|(_, v)| v.is_some());
    if texts && facts.kind == ImageKind::SharedIn {
        refuse(
            &mut report,
            rules.modify_shared_in,
            Code::ImageNotOwned,
            Subject::Image,
        );
    }
    match change.deprecation(facts.provider) {
        Some(true) => {
            if !facts.shared_with.is_empty() {
                refuse(
                    &mut report,
                    rules.deprecate_shared,
                    Code::ImageShared,
                    Subject::Deprecation,
                );
            }
            if !facts.state_rule().shareable {
                refuse(
                    &mut report,
                    rules.deprecate_bad_state,
                    Code::ImageState,
                    Subject::Deprecation,
                );
            }
        }
        Some(false) if !facts.is_deprecated() => {
            refuse(
                &mut report,
                rules.undeprecate_not_deprecated,
                Code::ImageNotDeprecated,
                Subject::Deprecation,
            );
        }
        _ => {}
    }
    report
}

/// Judges deleting the image: some providers refuse while it is shared with anyone.
pub fn check_delete(facts: &ImageFacts) -> Report {
    let mut report = Report::default();
    if let Some(r) = facts.provider.rules().attributes.delete_shared {
        if !facts.shared_with.is_empty() {
            let mut v = Violation::new(Subject::Image, Code::ImageShared, r.provider_code);
            v.actual = Some(facts.shared_with.len());
            report.violations.push(v);
        }
    }
    report
}
