// A typed use of the package, compiled by `tsc --noEmit` against the installed package's
// declarations (scripts/test-js.sh): every export, with the types a user writes.
import { init, check, checkMany, checkDelete, share, planShare, rules, bindInput } from "image-preflight";
import type { Report, ManyReport, Violation, Span, ShareResult, PlanResult, BoundResult, Fields, Provider, Code, SubjectName } from "image-preflight";

await init();
const provider: Provider = "alibaba";
const fields: Fields = { name: "web-base", bootMode: "UEFI", deprecated: false };
const report: Report = check(provider, fields, { operation: "modify", profile: "latest", lang: "zh" });
const first: Violation | undefined = report.violations[0];
const span: Span | null = first?.span ?? null;
const code: Code | undefined = first?.code;
const about: SubjectName | undefined = first?.field;
const allowed: string[] | null | undefined = first?.allowed;
const start: number | undefined = span?.utf16Start;
const chars: number | undefined = report.counts.name?.chars;
const many: ManyReport[] = checkMany("tencent", "name", ["a", "b"], { profile: "strict" });
const firstCount: number | undefined = many[0]?.counts.name?.bytes;
const mixed: ManyReport[] = [...many, report]; // a Report is a ManyReport
const deleting: Report = checkDelete("volcengine", { owner: "2100050000", sharedWith: ["2100060000"] });
const shared: ShareResult = share("tencent", { owner: "100000000001", add: ["200000000001"] }, { lang: "en" });
const accounts: string[] = shared.sharedWith;
const sharedState: ShareResult = share("alibaba", { owner: "1234567890123456", add: ["2"], state: "Available", kind: "custom" });
const planned: PlanResult = planShare("alibaba", { owner: "1234567890123456", sharedWith: [], desired: ["2"] });
const exported = rules("volcengine", { profile: "strict" });
const checked = check("tencent", { name: "x" }, { image: { owner: "100000000001", kind: "shared-in" } });

declare const input: HTMLInputElement;
const unbind: () => void = bindInput(input, {
  provider: "tencent",
  field: "description",
  lang: "en",
  onResult: (result: BoundResult) => {
    if (!result.valid && result.violations[0]?.span) {
      input.setSelectionRange(result.violations[0].span.utf16Start, result.violations[0].span.utf16End);
    }
  },
});
unbind();

// Wrong uses the declarations refuse.
// @ts-expect-error: not a provider
check("azure", { name: "x" });
// @ts-expect-error: not a field
check("alibaba", { title: "x" });
// @ts-expect-error: a name is a string
check("alibaba", { name: 42 });
// @ts-expect-error: not an operation
checkMany("alibaba", "name", [], { operation: "delete" });
// @ts-expect-error: checkMany's answers are read-only where they may be shared (frozen)
many[0]?.violations.push(first!);

export { first, start, chars, many, firstCount, mixed, deleting, accounts, planned, exported, checked, code, about, allowed, sharedState };
