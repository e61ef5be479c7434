// Checks the form as the user types, from the library's rule export (GET /rules): each
// field's `pattern` is compiled as the HTML `pattern` attribute compiles it (`v` flag,
// anchored), so the browser accepts exactly what the library accepts. Lengths are counted in
// code points ([...value].length), as the rules count them: a browser's own maxlength counts
// UTF-16 units and would count an emoji twice, so only the export's html_maxlength (twice the
// limit, which never cuts a valid value) is set as an attribute. On submit, POST /preflight
// confirms with the same rules through the Python binding.
"use strict";

const FIELDS = ["name", "description", "family"];
const TEXT = {
  en: { notSupported: "This cloud has no image family.", ok: "Confirmed by the server: the cloud will accept these values.", refused: "The server refused:" },
  zh: { notSupported: "该云平台不支持镜像族系。", ok: "服务器已确认：云平台会接受这些值。", refused: "服务器拒绝：" },
};
let rules = null;

const $ = (id) => document.getElementById(id);

function ruleOf(field) {
  return rules[$("provider").value].modify[field];
}

function check(field) {
  const input = $(field);
  const rule = ruleOf(field);
  const lang = $("lang").value;
  const hint = $(`${field}-hint`);
  const count = $(`${field}-count`);
  if (!rule.supported) {
    input.disabled = true;
    input.value = "";
    hint.className = "unsupported";
    hint.textContent = TEXT[lang].notSupported;
    count.textContent = "";
    return true;
  }
  input.disabled = false;
  hint.className = "hint";
  // The attribute too, so the browser's own :invalid state agrees with the message.
  input.setAttribute("pattern", rule.pattern);
  if (rule.html_maxlength !== null) input.setAttribute("maxlength", rule.html_maxlength);
  else input.removeAttribute("maxlength");
  const value = input.value;
  const chars = [...value].length;
  count.textContent = rule.maxlength === null ? `${chars}` : `${chars} / ${rule.maxlength}`;
  const ok = new RegExp(`^(?:${rule.pattern})$`, "v").test(value);
  input.classList.toggle("bad", !ok);
  hint.textContent = ok ? "" : rule.hint[lang];
  return ok;
}

function checkAll() {
  return FIELDS.map(check).every(Boolean);
}

async function submit(event) {
  event.preventDefault();
  checkAll();
  const lang = $("lang").value;
  const body = { provider: $("provider").value, lang };
  for (const f of FIELDS) if (!$(f).disabled && $(f).value !== "") body[f] = $(f).value;
  const answer = await fetch("/preflight", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const report = await answer.json();
  const result = $("result");
  result.hidden = false;
  if (report.error) {
    result.className = "refused";
    result.textContent = report.error;
  } else if (report.valid) {
    result.className = "ok";
    result.textContent = TEXT[lang].ok;
  } else {
    result.className = "refused";
    result.textContent = `${TEXT[lang].refused} ` + report.violations.map((v) => `${v.field}: ${v.message} [${v.provider_code ?? v.code}]`).join(" ");
  }
}

async function main() {
  rules = await (await fetch("/rules")).json();
  for (const f of FIELDS) $(f).addEventListener("input", () => { check(f); $("result").hidden = true; });
  $("provider").addEventListener("change", checkAll);
  $("lang").addEventListener("change", checkAll);
  $("form").addEventListener("submit", submit);
  checkAll();
  document.body.dataset.ready = "true";
}

main();
