//! Images, share changes and share plans through C.

use super::report::{finish, ipf_outcome, ipf_report, provider_arg, value_arg};
use super::{ipf_status, ipf_str, list_in, text_in, text_out};
use crate::outcome::{self, Answer};
use crate::rules::Profile;
use crate::{ImageFacts, ImageKind, ShareChange};
use std::ffi::c_char;
use std::sync::OnceLock;

/// What the library knows of one image: provider, owner, state, kind, flags and the accounts
/// it is shared with. Create with `ipf_image_new`, free with `ipf_image_free`. Reading one
/// image from several threads at once is safe; changing it needs it to itself.
pub struct ipf_image {
    pub(crate) facts: ImageFacts,
    /// The share set in its sorted order, as (address, length) of each account's text: made
    /// on the first `ipf_image_shared_with_at` after a change, so that reading the set back
    /// index by index is linear in all (walking the set to the index each time made 100,000
    /// accounts take 14 s). The texts are the set's own, which stay in place until the set
    /// changes, and every change of the image goes through [`ipf_image::facts_mut`], which
    /// drops this.
    order: OnceLock<Vec<(usize, usize)>>,
}

impl ipf_image {
    fn new(facts: ImageFacts) -> ipf_image {
        ipf_image {
            facts,
            order: OnceLock::new(),
        }
    }

    /// The facts, to change: the order of the share set is made again on its next read.
    fn facts_mut(&mut self) -> &mut ImageFacts {
        self.order.take();
        &mut self.facts
    }

    /// Account `index` of the share set in sorted order.
    fn shared_at(&self, index: usize) -> Option<&str> {
        let order = self.order.get_or_init(|| {
            crate::work::add(self.facts.shared_with().len());
            (self.facts.shared_with().iter())
                .map(|id| (id.as_ptr() as usize, id.len()))
                .collect()
        });
        crate::work::add(1);
        let &(at, len) = order.get(index)?;
        // SAFETY: `at` and `len` are those of a `String` of the set, which has not changed
        // since `order` was made (see `order`), so its bytes are still there and UTF-8; they
        // live as long as `self` is borrowed.
        Some(unsafe {
            std::str::from_utf8_unchecked(std::slice::from_raw_parts(at as *const u8, len))
        })
    }
}

/// The requests of a share plan. Free with `ipf_plan_free`. Safe to read from several threads.
pub struct ipf_plan {
    requests: Vec<ShareChange>,
    provider: crate::Provider,
}

/// Which list of a share request.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ipf_list {
    /// Accounts added (Tencent `Permission=SHARE`).
    Add = 0,
    /// Accounts removed (Tencent `Permission=CANCEL`).
    Remove = 1,
}

/// Creates the facts of your own custom image of `provider` (an `ipf_provider`), owned by
/// `owner` (UTF-8, `owner_len` bytes), in the state that allows sharing, shared with
/// nobody. Free it with `ipf_image_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_image_new(
    provider: u32,
    owner: *const c_char,
    owner_len: usize,
    out: *mut *mut ipf_image,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let provider = tri!(provider_arg(provider));
        // SAFETY: the header requires `owner_len` readable bytes at `owner`.
        let owner = tri!(unsafe { text_in(owner, owner_len) });
        let image = Box::new(ipf_image::new(ImageFacts::new(provider, owner)));
        // SAFETY: checked non-NULL.
        unsafe { out.write(Box::into_raw(image)) };
        ipf_status::Ok
    }
}

/// Frees an image from `ipf_image_new`. NULL does nothing.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_image_free(image: *mut ipf_image) {
    ffi_boundary_void! {
        if !image.is_null() {
            // SAFETY: the header requires a pointer from `ipf_image_new`, freed once.
            drop(unsafe { Box::from_raw(image) });
        }
    }
}

/// Sets the image's state, in the provider's own spelling (`NORMAL`, `Available`,
/// `available`, ...); `IPF_STATUS_UNKNOWN_STATE` for any other.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_image_set_state(
    image: *mut ipf_image,
    state: *const c_char,
    state_len: usize,
) -> ipf_status {
    ffi_boundary! {
        let image = arg_mut!(image);
        // SAFETY: the header requires `state_len` readable bytes at `state`.
        let state = tri!(unsafe { text_in(state, state_len) });
        match image.facts_mut().set_state(state) {
            Ok(()) => ipf_status::Ok,
            Err(_) => ipf_status::UnknownState,
        }
    }
}

/// Sets whose image it is (an `ipf_image_kind`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_image_set_kind(image: *mut ipf_image, kind: u32) -> ipf_status {
    ffi_boundary! {
        let image = arg_mut!(image);
        let kind = tri!(value_arg(ImageKind::from_number(kind)));
        tri!(image.facts_mut().set_kind(kind).map_err(|_| ipf_status::UnknownValue));
        ipf_status::Ok
    }
}

/// Sets the image's flags: encrypted, BYOL licence, deprecated by the switch.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_image_set_flags(
    image: *mut ipf_image,
    encrypted: bool,
    byol: bool,
    deprecated: bool,
) -> ipf_status {
    ffi_boundary! {
        let image = arg_mut!(image);
        let facts = image.facts_mut();
        facts.encrypted = encrypted;
        facts.byol = byol;
        facts.deprecated = deprecated;
        ipf_status::Ok
    }
}

/// Says whether the image's encryption key is one the customer manages (KMS) rather than the
/// provider's service key; read only when the image is encrypted (`ipf_image_set_flags`).
/// Alibaba shares an image encrypted with a customer key. Added in 0.3.0.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_image_set_customer_key(
    image: *mut ipf_image,
    customer_key: bool,
) -> ipf_status {
    ffi_boundary! {
        let image = arg_mut!(image);
        image.facts.customer_key = customer_key;
        ipf_status::Ok
    }
}

/// Sets the accounts the image is shared with today (`count` strings; the array may be
/// NULL when `count` is 0). Duplicates collapse. Every string is read before the image
/// changes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_image_set_shared_with(
    image: *mut ipf_image,
    accounts: *const ipf_str,
    count: usize,
) -> ipf_status {
    ffi_boundary! {
        let image = arg_mut!(image);
        // SAFETY: the header requires `count` readable strings.
        let accounts = tri!(unsafe { list_in(accounts, count) });
        image.facts_mut().shared_with = accounts.into_iter().map(str::to_owned).collect();
        ipf_status::Ok
    }
}

/// The image's state in the provider's spelling (static).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_image_state(image: *const ipf_image, out: *mut ipf_str) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let image = arg_ref!(image);
        // SAFETY: checked non-NULL.
        unsafe { out.write(ipf_str::from_static(image.facts.state())) };
        ipf_status::Ok
    }
}

/// How many accounts the image is shared with.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_image_shared_with_count(
    image: *const ipf_image,
    out: *mut usize,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let image = arg_ref!(image);
        // SAFETY: checked non-NULL.
        unsafe { out.write(image.facts.shared_with().len()) };
        ipf_status::Ok
    }
}

/// Account `index` of the image's share set, in sorted order. The string lives until the
/// image is changed or freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_image_shared_with_at(
    image: *const ipf_image,
    index: usize,
    out: *mut ipf_str,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let image = arg_ref!(image);
        let id = tri!(image.shared_at(index).ok_or(ipf_status::OutOfRange));
        // SAFETY: checked non-NULL.
        unsafe { out.write(ipf_str::borrowed(id)) };
        ipf_status::Ok
    }
}

/// Reads a share change's two lists.
///
/// # Safety
/// As `list_in` for each list.
unsafe fn change_in(
    add: *const ipf_str,
    add_count: usize,
    remove: *const ipf_str,
    remove_count: usize,
) -> Result<ShareChange, ipf_status> {
    // SAFETY: passed on from the caller.
    let (add, remove) = unsafe { (list_in(add, add_count)?, list_in(remove, remove_count)?) };
    Ok(ShareChange::lists(add, remove))
}

/// Judges one share request against the image without changing it. `add`/`remove` are
/// the provider's two lists (Tencent: `add` is `Permission=SHARE`, `remove` is `CANCEL`;
/// a Tencent request with both is refused). `profile` is an `ipf_profile`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_share_check(
    image: *const ipf_image,
    profile: u32,
    add: *const ipf_str,
    add_count: usize,
    remove: *const ipf_str,
    remove_count: usize,
    out: *mut ipf_outcome,
    details: *mut ipf_report,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let image = arg_ref!(image);
        let profile = tri!(value_arg(Profile::from_number(profile)));
        // SAFETY: the header requires the lists to be readable.
        let change = tri!(unsafe { change_in(add, add_count, remove, remove_count) });
        let answer = outcome::share(&image.facts, change, profile);
        // SAFETY: `out` checked; `details` NULL or live.
        unsafe { finish(answer, out, details) }
    }
}

/// As `ipf_share_check`, and when the request is valid, the image's share set becomes the
/// set after it. Atomic: a refused request leaves the image exactly as it was.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_share_apply(
    image: *mut ipf_image,
    profile: u32,
    add: *const ipf_str,
    add_count: usize,
    remove: *const ipf_str,
    remove_count: usize,
    out: *mut ipf_outcome,
    details: *mut ipf_report,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let image = arg_mut!(image);
        let profile = tri!(value_arg(Profile::from_number(profile)));
        // SAFETY: the header requires the lists to be readable.
        let change = tri!(unsafe { change_in(add, add_count, remove, remove_count) });
        let answer = outcome::share(&image.facts, change, profile);
        if let (true, Answer::Share { shared_with, .. }) = (answer.is_valid(), &answer.answer) {
            image.facts_mut().shared_with = shared_with.iter().cloned().collect();
        }
        // SAFETY: `out` checked; `details` NULL or live.
        unsafe { finish(answer, out, details) }
    }
}

/// Plans the shortest list of requests that turns the image's share set into `desired`
/// (`count` account ids): each within the provider's limits, removals first. Always
/// writes a plan on OK: with no request when `out->valid` is false (the violations are in
/// `details`) or when nothing needs to change. Free it with `ipf_plan_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_share_plan(
    image: *const ipf_image,
    profile: u32,
    desired: *const ipf_str,
    count: usize,
    out_plan: *mut *mut ipf_plan,
    out: *mut ipf_outcome,
    details: *mut ipf_report,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out_plan);
        arg_out!(out);
        let image = arg_ref!(image);
        let profile = tri!(value_arg(Profile::from_number(profile)));
        // SAFETY: the header requires `count` readable strings.
        let desired = tri!(unsafe { list_in(desired, count) });
        let answer = outcome::plan(&image.facts, &desired, profile);
        let handle = Box::new(ipf_plan { requests: answer.requests().to_vec(), provider: image.facts.provider });
        // SAFETY: both checked non-NULL; `details` NULL or live.
        unsafe {
            out_plan.write(Box::into_raw(handle));
            finish(answer, out, details)
        }
    }
}

/// Frees a plan from `ipf_share_plan`. NULL does nothing.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_plan_free(plan: *mut ipf_plan) {
    ffi_boundary_void! {
        if !plan.is_null() {
            // SAFETY: the header requires a pointer from `ipf_share_plan`, freed once.
            drop(unsafe { Box::from_raw(plan) });
        }
    }
}

/// How many requests the plan holds.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_plan_request_count(
    plan: *const ipf_plan,
    out: *mut usize,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let plan = arg_ref!(plan);
        // SAFETY: checked non-NULL.
        unsafe { out.write(plan.requests.len()) };
        ipf_status::Ok
    }
}

fn request_list(plan: &ipf_plan, request: usize, list: u32) -> Result<&[String], ipf_status> {
    let r = plan.requests.get(request).ok_or(ipf_status::OutOfRange)?;
    match list {
        0 => Ok(&r.add),
        1 => Ok(&r.remove),
        _ => Err(ipf_status::UnknownValue),
    }
}

/// How many accounts list `list` (an `ipf_list`) of request `request` holds.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_plan_list_count(
    plan: *const ipf_plan,
    request: usize,
    list: u32,
    out: *mut usize,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let plan = arg_ref!(plan);
        let ids = tri!(request_list(plan, request, list));
        // SAFETY: checked non-NULL.
        unsafe { out.write(ids.len()) };
        ipf_status::Ok
    }
}

/// Account `index` of list `list` of request `request`. The string lives as long as the
/// plan.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_plan_account(
    plan: *const ipf_plan,
    request: usize,
    list: u32,
    index: usize,
    out: *mut ipf_str,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let plan = arg_ref!(plan);
        let ids = tri!(request_list(plan, request, list));
        let id = tri!(ids.get(index).ok_or(ipf_status::OutOfRange));
        // SAFETY: checked non-NULL.
        unsafe { out.write(ipf_str::borrowed(id)) };
        ipf_status::Ok
    }
}

/// Copies the plan's requests as a JSON array, each in the provider's own parameter names
/// (`{"Permission": "CANCEL", "AccountIds": [...]}`, `{"AddAccount": [...], ...}`), as
/// `ipf_report_message` copies text.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_plan_to_json(
    plan: *const ipf_plan,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> ipf_status {
    ffi_boundary! {
        let plan = arg_ref!(plan);
        // A plan has requests only where the provider has a share call.
        let rules = plan.provider.rules().share_rules();
        let json = crate::json::Json::Arr(
            rules.map_or_else(Vec::new, |rules| {
                plan.requests.iter().map(|r| r.to_provider_json(rules)).collect()
            }),
        );
        // SAFETY: the header requires `buf_len` writable bytes and a writable `out_len`.
        unsafe { text_out(&json.to_string(), buf, buf_len, out_len) }
    }
}

/// Judges deleting the image (some providers refuse while it is shared with anyone).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_check_delete(
    image: *const ipf_image,
    out: *mut ipf_outcome,
    details: *mut ipf_report,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let image = arg_ref!(image);
        let answer = outcome::delete(&image.facts, Profile::Latest);
        // SAFETY: `out` checked; `details` NULL or live.
        unsafe { finish(answer, out, details) }
    }
}
