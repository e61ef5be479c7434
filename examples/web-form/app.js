// The web-form demo: every field checks itself in the browser as the user types, with the
// library itself (the npm package image-preflight, the Rust core as WebAssembly): the message
// names the specific fault, in the chosen language, and the offending text is highlighted. The
// server is asked only on submit, and answers with the same rules through the Python binding.
import { init, bindInput, check, rules } from "image-preflight";

const FIELDS = ["name", "description", "family"];
const TEXT = {
  en: {
    title: "Custom image", cloud: "Cloud", operation: "Operation", modify: "Modify an image", create: "Create an image",
    name: "Name", description: "Description", family: "Image family", submit: "Check with the server",
    notSupported: "Not a field of this operation on this cloud.",
    ok: "Confirmed by the server: the cloud will accept these values.", refused: "The server refused:",
    agree: "The form said the same.", disagree: "The form said otherwise!",
  },
  zh: {
    title: "自定义镜像", cloud: "云平台", operation: "操作", modify: "修改镜像", create: "创建镜像",
    name: "名称", description: "描述", family: "镜像族系", submit: "提交服务器确认",
    notSupported: "该云平台的此操作没有这个字段。",
    ok: "服务器已确认：云平台会接受这些值。", refused: "服务器拒绝：",
    agree: "与表单的判断一致。", disagree: "与表单的判断不一致！",
  },
};

const $ = (id) => document.getElementById(id);

/** The clouds, from the library's rule tables: a cloud added to the library needs no change here. */
function fillProviders() {
  const select = $("provider");
  for (const [key, table] of Object.entries(rules())) {
    const option = document.createElement("option");
    option.value = key;
    option.textContent = table.name;
    select.append(option);
  }
  select.value = select.dataset.default;
}
const settings = () => ({ provider: $("provider").value, operation: $("operation").value, lang: $("lang").value });
let unbind = [];

/** The value split into text and <mark>s over the violations' UTF-16 spans. */
function highlighted(value, violations) {
  const ranges = violations
    .filter((v) => v.span && v.span.utf16End > v.span.utf16Start)
    .map((v) => [v.span.utf16Start, v.span.utf16End])
    .sort((a, b) => a[0] - b[0]);
  const nodes = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) nodes.push(document.createTextNode(value.slice(at, from)));
    const mark = document.createElement("mark");
    // Invisible characters (a bidi override, a zero-width space) are shown by code point.
    mark.textContent = [...value.slice(from, end)]
      .map((c) => (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c) ? c : `U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`))
      .join("");
    mark.dataset.utf16 = `${from}-${end}`;
    nodes.push(mark);
    at = end;
  }
  if (ranges.length && at < value.length) nodes.push(document.createTextNode(value.slice(at)));
  return nodes;
}

function show(field, result, rule) {
  const input = $(field);
  input.dataset.valid = String(result.valid);
  input.dataset.codes = result.violations.map((v) => v.code).join(" ");
  const items = result.error
    ? [result.error.message]
    : result.violations.map((v) => (v.providerCode ? `${v.message} (${v.providerCode})` : v.message));
  $(`${field}-hint`).replaceChildren(...items.map((text) => Object.assign(document.createElement("li"), { textContent: text })));
  $(`${field}-mirror`).replaceChildren(...highlighted(input.value, result.violations));
  const chars = result.counts[field]?.chars ?? [...input.value].length;
  $(`${field}-count`).textContent = rule?.maxlength ? `${chars} / ${rule.maxlength}` : `${chars}`;
}

function bindAll() {
  for (const off of unbind) off();
  unbind = [];
  const { provider, operation, lang } = settings();
  const table = rules(provider)[provider][operation];
  for (const t of document.querySelectorAll("[data-text]")) t.textContent = TEXT[lang][t.dataset.text];
  document.documentElement.lang = lang;
  for (const field of FIELDS) {
    const input = $(field);
    const rule = table[field];
    input.disabled = !rule.supported;
    if (!rule.supported) {
      input.value = "";
      input.setCustomValidity("");
      $(`${field}-hint`).replaceChildren(Object.assign(document.createElement("li"), { className: "unsupported", textContent: TEXT[lang].notSupported }));
      $(`${field}-mirror`).replaceChildren();
      $(`${field}-count`).textContent = "";
      continue;
    }
    unbind.push(bindInput(input, { provider, field, operation, lang, onResult: (result) => show(field, result, rule) }));
  }
}

/** The form as one request: the enabled, non-empty fields. */
function request() {
  const fields = {};
  for (const f of FIELDS) if (!$(f).disabled && $(f).value !== "") fields[f] = $(f).value;
  return fields;
}

async function submit(event) {
  event.preventDefault();
  const { provider, operation, lang } = settings();
  const fields = request();
  const mine = check(provider, fields, { operation, lang });
  const answer = await fetch("/preflight", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ provider, operation, lang, ...fields }),
  });
  const report = await answer.json();
  const result = $("result");
  result.hidden = false;
  if (report.error) {
    result.className = "refused";
    result.textContent = report.error;
    return;
  }
  const same = report.valid === mine.valid;
  result.className = report.valid ? "ok" : "refused";
  result.dataset.server = String(report.valid);
  result.dataset.browser = String(mine.valid);
  result.textContent = report.valid
    ? TEXT[lang].ok
    : `${TEXT[lang].refused} ` + report.violations.map((v) => `${v.message} [${v.provider_code ?? v.code}]`).join(" ");
  result.textContent += ` ${same ? TEXT[lang].agree : TEXT[lang].disagree}`;
}

await init();
fillProviders();
for (const id of ["provider", "operation", "lang"]) $(id).addEventListener("change", bindAll);
for (const f of FIELDS) $(f).addEventListener("input", () => ($("result").hidden = true));
$("form").addEventListener("submit", submit);
bindAll();
document.body.dataset.ready = "true";
