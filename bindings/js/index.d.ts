// Types of the npm package image-preflight. Every answer's properties are camelCase; its
// toJSON (what JSON.stringify calls) gives the published snake_case shape,
// docs/schema/*.schema.json, as every other face writes it.

// The name lists (Provider, Operation, Profile, Lang, FieldName, ImageKind, Code, SubjectName)
// are generated from the rule tables into names.d.ts; a test fails while it is stale.
import type { Provider, Operation, Profile, Lang, FieldName, ImageKind, Code, SubjectName } from "./names.js";
export type { Provider, Operation, Profile, Lang, FieldName, ImageKind, Code, SubjectName } from "./names.js";

/** What was asked, on every answer (docs/faces.md): `check` and `checkMany` say "request". */
export interface Asked {
  kind?: "field" | "request" | "share" | "plan" | "delete";
  provider?: Provider;
  operation?: Operation;
  profile?: Profile;
}

/** Where in the text a fault lies, in four units; end is exclusive. UTF-16 offsets fit
 * `input.setSelectionRange(span.utf16Start, span.utf16End)`. */
export interface Span {
  byteStart: number;
  byteEnd: number;
  charStart: number;
  charEnd: number;
  utf16Start: number;
  utf16End: number;
  graphemeStart: number;
  graphemeEnd: number;
}

/** The length of a checked value in four units. */
export interface Counts {
  bytes: number;
  chars: number;
  utf16: number;
  graphemes: number;
}

export interface Violation {
  /** What it is about: a field (camelCase, as in `fields`), or "deprecation", "image", "add",
   * "remove", "request". */
  field: SubjectName;
  /** The library's stable code, e.g. "BAD_CHAR", "TOO_LONG", "FORBIDDEN_PREFIX". */
  code: Code;
  /** The provider's own error code, e.g. "InvalidImageName.Malformed", where it has one. */
  providerCode: string | null;
  /** The HTTP status the provider answers with, where it documents one. */
  httpStatus: number | null;
  /** The message, in the language asked for, naming the specific fault. */
  message: string;
  span: Span | null;
  /** The limit broken (a length, a number of accounts). */
  limit: number | null;
  /** What was found against that limit. */
  actual: number | null;
  /** The offending text or account id. */
  found: string | null;
  /** The position in its list (share changes). */
  index: number | null;
  /** For NOT_ONE_OF: every value the field takes. */
  allowed: string[] | null;
}

/** The answer in the published shape (docs/schema/*.schema.json): snake_case keys, a
 * violation's `field` as the core spells it (`boot_mode`), the provider's own names under
 * `request`/`requests`. What `JSON.stringify` writes. */
export type PublishedJson = { valid: boolean; violations: Record<string, unknown>[]; counts: Record<string, unknown> } & Record<string, unknown>;

/** What every answer has: `toJSON()`, which `JSON.stringify` calls. */
export interface Writable {
  toJSON(): PublishedJson;
}

export interface Report extends Asked, Writable {
  valid: boolean;
  violations: Violation[];
  /** The counts of each text field checked, by field name. */
  counts: Partial<Record<FieldName, Counts>>;
}

/** The fields of one request; `undefined` or `null` means not sent. */
export interface Fields {
  name?: string | null;
  description?: string | null;
  family?: string | null;
  bootMode?: string | null;
  status?: string | null;
  licenseType?: string | null;
  architecture?: string | null;
  platform?: string | null;
  osType?: string | null;
  /** Alibaba `Features.NvmeSupport`. */
  nvmeSupport?: string | null;
  /** Alibaba `Features.ImdsSupport`. */
  imdsSupport?: string | null;
  /** The deprecation switch (Tencent `ImageDeprecated`). */
  deprecated?: boolean | null;
}

/** An existing image, as the provider describes it. */
export interface Image {
  /** The account that owns the image. */
  owner: string;
  /** The accounts it is shared with today. */
  sharedWith?: Iterable<string>;
  /** Its state in the provider's spelling (default: the state that allows sharing). */
  state?: string;
  /** Default "custom". */
  kind?: ImageKind;
  encrypted?: boolean;
  /** With `encrypted`: the key is one the customer manages (KMS), not the provider's service
   * key. Alibaba shares such an image and refuses one encrypted with its service key. */
  customerKey?: boolean;
  byol?: boolean;
  deprecated?: boolean;
}

export interface CheckOptions {
  operation?: Operation;
  profile?: Profile;
  lang?: Lang;
  /** The image a modify changes: the request is judged against it too. */
  image?: Image | null;
}

export interface ManyOptions {
  operation?: Operation;
  profile?: Profile;
  lang?: Lang;
}

export interface ShareOptions {
  profile?: Profile;
  lang?: Lang;
}

interface ShareImage {
  owner: string;
  sharedWith?: Iterable<string>;
  /** The image's state, as `Image.state` (default: the state that allows sharing). */
  state?: string;
  /** As `Image.kind` (default "custom"). */
  kind?: ImageKind;
  /** @deprecated the older spelling of `state`. */
  imageState?: string;
  /** @deprecated the older spelling of `kind`. */
  imageKind?: ImageKind;
  encrypted?: boolean;
  /** With `encrypted`: the key is one the customer manages (KMS), not the provider's service
   * key. Alibaba shares such an image and refuses one encrypted with its service key. */
  customerKey?: boolean;
  byol?: boolean;
  deprecated?: boolean;
}

export interface ShareChange extends ShareImage {
  /** Accounts to add (Tencent: Permission=SHARE). */
  add?: Iterable<string>;
  /** Accounts to remove (Tencent: Permission=CANCEL). */
  remove?: Iterable<string>;
}

export interface SharePlan extends ShareImage {
  /** The accounts the image should end up shared with. */
  desired: Iterable<string>;
}

/** A request in the provider's own parameter names, e.g. `{ Permission: "SHARE", AccountIds: [...] }`. */
export type ProviderRequest = Record<string, string | string[]>;

export interface ShareResult extends Asked, Writable {
  valid: boolean;
  violations: Violation[];
  counts: Partial<Record<FieldName, Counts>>;
  /** The share set after the request, sorted; as it was when the request is refused. */
  sharedWith: string[];
  request: ProviderRequest;
}

export interface PlanResult extends Asked, Writable {
  valid: boolean;
  violations: Violation[];
  counts: Partial<Record<FieldName, Counts>>;
  /** The share set today, the plan's start. */
  sharedWith: string[];
  requests: ProviderRequest[];
}

/** The rule export, as `image-preflight rules --format json` writes it (snake_case keys):
 * `{ [provider]: { name, modify: { name: FieldRule, ... }, create: ..., actions, share, cross,
 * conflicts } }`; `actions` maps each API action to the operation it is judged as. */
export type RuleExport = Record<string, Record<string, any>>;

/** Loads the WebAssembly module once (later calls share the load). In Node it is loaded on
 * import already. `input`: where the .wasm is, by default beside the module. */
export function init(input?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;

/** Checks the fields of one request. Throws TypeError for a non-string value, Error for an
 * unknown provider, field or option (listing the known ones) and for a lone surrogate. */
export function check(provider: Provider, fields: Fields, options?: CheckOptions): Report;

/** One answer of `checkMany`: the `Report` that `check` gives for the value (JSON.stringify
 * writes the two alike), each answer its own object. A valid value's empty `violations` and its
 * `counts` are frozen and may be shared with other answers; an invalid value's report is its own.
 * A `Report` is a `ManyReport` too. */
export interface ManyReport extends Asked, Writable {
  valid: boolean;
  readonly violations: readonly Violation[];
  /** The counts of the field checked. */
  readonly counts: Readonly<Partial<Record<FieldName, Readonly<Counts>>>>;
}

/** `check(provider, { [field]: value }, options)` for each value, in order (see ManyReport). */
export function checkMany(provider: Provider, field: FieldName, values: Iterable<string>, options?: ManyOptions): ManyReport[];

/** Judges deleting the image: Volcengine refuses while it is shared. */
export function checkDelete(provider: Provider, image: Image, options?: { lang?: Lang }): Report;

/** Judges one share request against the image and applies it. */
export function share(provider: Provider, change: ShareChange, options?: ShareOptions): ShareResult;

/** The shortest list of requests that reaches the desired share set. */
export function planShare(provider: Provider, plan: SharePlan, options?: ShareOptions): PlanResult;

/** The rule export, for every provider or only one. */
export function rules(provider?: Provider | null, options?: { profile?: Profile }): RuleExport;

/** The error thrown for text that cannot be checked: not well-formed UTF-16 (a lone
 * surrogate), or over the core's one size limit (4 MiB of UTF-8, as in C, Python and Go). */
export type TextError = LoneSurrogateError | TooLargeError;

/** Text that is not well-formed UTF-16. */
export interface LoneSurrogateError extends Error {
  name: "TextError";
  code: "LONE_SURROGATE";
  /** Where the lone surrogate is, in UTF-16 units. */
  utf16Index: number;
}

/** Text over the size limit, refused before it is copied into the module's memory. */
export interface TooLargeError extends Error {
  name: "TextError";
  code: "TOO_LARGE";
  /** The text's length in UTF-8 bytes. */
  bytes: number;
  /** The limit, in UTF-8 bytes (4,194,304). */
  limit: number;
}

/** What `bindInput` reports on each check. */
export interface BoundResult extends Report {
  /** Set when the value could not be checked at all (a lone surrogate, or a text over the size
   * limit; `utf16Index` only for a lone surrogate). */
  error?: { code: "LONE_SURROGATE" | "TOO_LARGE"; message: string; utf16Index?: number };
}

/** The element bindInput needs: an <input> or <textarea>. */
export interface CheckableInput extends EventTarget {
  value: string;
  setCustomValidity(message: string): void;
}

export interface BindOptions {
  provider: Provider;
  field: FieldName;
  operation?: Operation;
  profile?: Profile;
  lang?: Lang;
  /** Called with each result. */
  onResult?: (result: BoundResult, input: CheckableInput) => void;
  /** The CustomEvent dispatched on the input, `detail` = the result (default "preflight"). */
  eventName?: string;
}

/** Makes a form field check itself as the user types; returns the function that unbinds it. */
export function bindInput(input: CheckableInput, options: BindOptions): () => void;
