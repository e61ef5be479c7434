//! The audit summary `docs/RULES.md` ends with.

use super::{Row, committed};
use image_preflight::rules::Provider;
use std::fmt::Write;

/// The audit summary for `docs/RULES.md`: per provider × operation, what is judged, what is
/// not and why, and the exceptions.
pub fn summary(only: Option<Provider>) -> String {
    let mut out = String::from(
        "\n## Audit against the providers' SDK models\n\n\
         `scripts/audit-rules.sh` reads each provider's official SDK request models into \
         `rules-audit/<provider>.json`; `cli/tests/audit.rs` holds the tables to them offline. \
         *values*: the list equals the SDK text's, plus any value `decisions.json` records under \
         `values_beyond_sdk` with its source (strict may only narrow it, and takes none of those); *lengths*: the \
         least and greatest lengths equal what the text states; *pattern*: the table and the \
         model's pattern agree on every probe (each printable ASCII character first, inside \
         and last, and runs at and around each bound); *characters*: the table's ASCII \
         characters are the letters, digits and those the model's text names; *form*: each \
         share principal agrees with the model's pattern or list for its parameter (the \
         Organizations ARN and account patterns, EC2's `PermissionGroup`); *present*: the \
         parameter exists and the model states nothing to compare (prose formats such as a \
         name's characters are kept in the extract and cited, not compared). The image \
         states equal the model's where it lists them, and a parameter `decisions.json` names as one \
         of the library's fields has a row on its operation (else it would be refused as \
         NOT_SUPPORTED). Codes are held to the SDK's published \
         list where there is one (the CVM SDK's `errorcodes.py`); every other code, and every \
         list the SDK does not state, names its public source.\n",
    );
    for (provider, audit) in committed() {
        if only.is_some_and(|o| o != provider) {
            continue;
        }
        let _ = writeln!(out, "\n### {} — {}\n", provider.display_name(), audit.sdk);
        for (i, row) in audit.rows.iter().enumerate() {
            // Operations that are one call with the same findings (Compute Engine's
            // images.insert for create, copy and import) are written once.
            let same = |r: &Row| {
                (&r.action, &r.judged, &r.not_judged, &r.exceptions)
                    == (&row.action, &row.judged, &row.not_judged, &row.exceptions)
            };
            if audit.rows[..i].iter().any(same) {
                continue;
            }
            let ops: Vec<&str> = audit.rows[i..]
                .iter()
                .filter(|r| same(r))
                .map(|r| r.operation.as_str())
                .collect();
            let label = if ops.len() > 1 {
                format!("{} ({})", row.action, ops.join(", "))
            } else {
                row.action.clone()
            };
            let judged: Vec<String> = row
                .judged
                .iter()
                .map(|(p, how)| format!("`{p}` ({how})"))
                .collect();
            let _ = writeln!(out, "- **{label}**: judged: {}.", or_none(&judged));
            let not: Vec<String> = row
                .not_judged
                .iter()
                .map(|(p, why)| format!("`{p}` ({why})"))
                .collect();
            let _ = writeln!(out, "  Not judged: {}.", or_none(&not));
            if !row.exceptions.is_empty() {
                let _ = writeln!(out, "  Exceptions: {}.", row.exceptions.join("; "));
            }
        }
    }
    out
}

fn or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}
