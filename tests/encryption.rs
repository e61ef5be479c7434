//! Sharing an encrypted image: Alibaba refuses only an image encrypted with its service key
//! (InvalidOperation.ServiceKeyEncryptedImageUnsupported, 403); one encrypted with a key the
//! customer manages can be shared. Tencent shares no encrypted image.

use image_preflight::{Code, ImageFacts, Profile, Provider, ShareChange, judge};

fn refusal(provider: Provider, owner: &str, customer_key: bool) -> Option<(String, Option<u16>)> {
    let mut image = ImageFacts::new(provider, owner);
    image.encrypted = true;
    image.customer_key = customer_key;
    let change = ShareChange::share(["200000000001"]);
    judge(&image, &change, Profile::Latest)
        .violations
        .iter()
        .find(|v| v.code == Code::ImageEncrypted)
        .map(|v| {
            let c = v.provider_code.unwrap();
            (c.code.to_string(), c.http_status)
        })
}

#[test]
fn alibaba_refuses_only_the_service_key() {
    assert_eq!(
        refusal(Provider::Alibaba, "1234567890123456", false),
        Some((
            "InvalidOperation.ServiceKeyEncryptedImageUnsupported".into(),
            Some(403)
        ))
    );
    assert_eq!(refusal(Provider::Alibaba, "1234567890123456", true), None);
}

#[test]
fn tencent_refuses_either_key() {
    for customer_key in [false, true] {
        assert_eq!(
            refusal(Provider::Tencent, "100000000001", customer_key).map(|r| r.0),
            Some("UnsupportedOperation.EncryptedImagesNotSupported".into())
        );
    }
}
