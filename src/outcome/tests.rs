use super::*;
use crate::ImageKind;

fn name(v: &str) -> AttributeChange<'_> {
    AttributeChange::default().with(Field::Name, v)
}

#[test]
fn a_request_must_send_something() {
    let err = request(
        Provider::Alibaba,
        Operation::Modify,
        Profile::Latest,
        &AttributeChange::default(),
        None,
    )
    .unwrap_err();
    assert!(matches!(err, Error::NoFields { .. }));
    // The list follows the table: every field's key, and the switch.
    for f in Field::ALL {
        assert!(err.to_string().contains(f.key()), "{err}");
    }
    assert!(err.to_string().ends_with("deprecated"), "{err}");
    let switch_only = AttributeChange {
        deprecated: Some(true),
        ..AttributeChange::default()
    };
    assert!(
        request(
            Provider::Tencent,
            Operation::Modify,
            Profile::Latest,
            &switch_only,
            None
        )
        .is_ok()
    );
}

#[test]
fn an_image_goes_with_a_modify_of_its_own_provider() {
    let image = ImageFacts::new(Provider::Tencent, "1");
    let err = request(
        Provider::Tencent,
        Operation::Create,
        Profile::Latest,
        &name("x"),
        Some(&image),
    )
    .unwrap_err();
    assert_eq!(
        err,
        Error::ImageNeedsModify {
            operation: "create"
        }
    );
    let err = request(
        Provider::Alibaba,
        Operation::Modify,
        Profile::Latest,
        &name("x"),
        Some(&image),
    )
    .unwrap_err();
    assert!(matches!(err, Error::ImageOfOtherProvider { .. }));
    let mut shared_in = image.clone();
    shared_in.kind = ImageKind::SharedIn;
    let out = request(
        Provider::Tencent,
        Operation::Modify,
        Profile::Latest,
        &name("ok-name"),
        Some(&shared_in),
    )
    .unwrap();
    assert!(!out.is_valid());
}

#[test]
fn every_answer_says_what_was_asked() {
    let out = field(
        Provider::Alibaba,
        Operation::Create,
        Field::Name,
        "aliyun",
        Profile::Strict,
    )
    .to_json(crate::Lang::En)
    .to_string();
    assert!(
        out.contains(r#""kind":"field","provider":"alibaba","operation":"create","field":"name","profile":"strict""#),
        "{out}"
    );
    let image =
        ImageFacts::new(Provider::Tencent, "100000000001").with_shared_with(["100000000002"]);
    let out = share(
        &image,
        ShareChange::share(["100000000003"]),
        Profile::Latest,
    );
    assert!(out.is_valid());
    let json = out.to_json(crate::Lang::En).to_string();
    assert!(
        json.ends_with(r#""shared_with":["100000000002","100000000003"],"request":{"Permission":"SHARE","AccountIds":["100000000003"]}}"#),
        "{json}"
    );
    let refused = share(
        &image,
        ShareChange::share(["100000000001"]),
        Profile::Latest,
    );
    assert!(!refused.is_valid());
    assert!(
        matches!(&refused.answer, Answer::Share { shared_with, .. } if shared_with == &["100000000002"])
    );
    let planned = plan(&image, &["100000000009"], Profile::Latest);
    assert_eq!(planned.requests().len(), 2, "Tencent cancels, then shares");
    let json = planned.to_json(crate::Lang::En).to_string();
    assert!(
        json.contains(r#""kind":"plan""#) && json.contains(r#""requests":[{"Permission":"CANCEL""#),
        "{json}"
    );
    let json = delete(&image, Profile::Latest)
        .to_json(crate::Lang::En)
        .to_string();
    assert!(
        json.contains(r#""kind":"delete""#) && !json.contains("operation"),
        "{json}"
    );
}
