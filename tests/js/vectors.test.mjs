// Every case of tests/vectors through the npm package (the format: tests/vectors/README.md).
// Expected keys are snake_case there and camelCase in the package's answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ip, cases, valueOf, accountsOf, camel } from "./load.mjs";

/** Every key an expected violation gives matches, in the order reported. */
function compare(expect, got, id) {
  assert.deepEqual(got.map((v) => v.code), expect.map((e) => e.code), `${id}: codes`);
  expect.forEach((e, i) => {
    for (const [key, want] of Object.entries(e)) {
      const have = got[i][camel(key)];
      if (key === "span") {
        for (const [k, w] of Object.entries(want)) assert.equal(have[camel(k)], w, `${id}: span.${k}`);
      } else if (key === "field") {
        assert.equal(have, camel(want), `${id}: field`);
      } else {
        assert.deepEqual(have, want, `${id}: ${key}`);
      }
    }
  });
}

function imageOf(spec) {
  return {
    owner: spec.owner,
    state: spec.state,
    kind: spec.kind,
    encrypted: spec.encrypted,
    customerKey: spec.customer_key,
    byol: spec.byol,
    deprecated: spec.deprecated,
    sharedWith: accountsOf(spec.shared_with),
  };
}

test("field vectors: check and checkMany", () => {
  const all = cases("field");
  for (const c of all) {
    const value = valueOf(c);
    const options = { operation: c.operation, profile: c.profile };
    const report = ip.check(c.provider, { [c.field]: value }, options);
    compare(c.expect, report.violations, c.id);
    assert.equal(report.valid, c.expect.length === 0, c.id);
    // The batch gives the very same answer.
    const [batched] = ip.checkMany(c.provider, c.field, [value], options);
    assert.deepEqual(batched, report, `${c.id}: checkMany`);
    assert.equal(JSON.stringify(batched), JSON.stringify(report), `${c.id}: checkMany's JSON`);
  }
  // And all of one provider's cases in one batch, in order.
  const alibaba = all.filter((c) => c.provider === "alibaba" && c.field === "name" && c.operation === "modify" && c.profile === "latest");
  const many = ip.checkMany("alibaba", "name", alibaba.map(valueOf));
  alibaba.forEach((c, i) => compare(c.expect, many[i].violations, `${c.id} (in a batch)`));
  assert.ok(alibaba.length > 10);
});

test("request vectors", () => {
  for (const c of cases("request")) {
    const fields = { ...c.request };
    const options = { operation: c.operation, profile: c.profile };
    if (c.image) options.image = imageOf(c.image);
    compare(c.expect, ip.check(c.provider, fields, options).violations, c.id);
  }
});

test("delete vectors", () => {
  for (const c of cases("delete")) {
    compare(c.expect, ip.checkDelete(c.provider, imageOf(c.image)).violations, c.id);
  }
});

function shareSpec(image) {
  return {
    owner: image.owner,
    sharedWith: image.sharedWith,
    state: image.state,
    kind: image.kind,
    encrypted: image.encrypted,
    customerKey: image.customerKey,
    byol: image.byol,
    deprecated: image.deprecated,
  };
}

test("share vectors", () => {
  for (const c of cases("share")) {
    const image = imageOf(c.image);
    const result = ip.share(c.provider, { ...shareSpec(image), add: accountsOf(c.change.add), remove: accountsOf(c.change.remove) }, { profile: c.profile });
    compare(c.expect, result.violations, c.id);
    assert.equal(result.valid, c.expect.length === 0, c.id);
    const before = [...new Set(image.sharedWith)].sort();
    if (result.valid && c.shared_with_after) {
      assert.deepEqual(result.sharedWith, [...accountsOf(c.shared_with_after)].sort(), c.id);
    }
    if (!result.valid) assert.deepEqual(result.sharedWith, before, `${c.id}: a refused change leaves the image as it was`);
  }
});

test("plan vectors: each planned request passes share and they reach the desired set", () => {
  for (const c of cases("plan")) {
    const image = imageOf(c.image);
    const desired = accountsOf(c.desired);
    const result = ip.planShare(c.provider, { ...shareSpec(image), desired }, { profile: c.profile });
    compare(c.expect, result.violations, c.id);
    if (!result.valid) {
      assert.deepEqual(result.requests, [], c.id);
      continue;
    }
    if (c.requests) assert.deepEqual(result.requests, c.requests, c.id);
    if (c.request_count !== undefined) assert.equal(result.requests.length, c.request_count, c.id);
    let current = image.sharedWith;
    for (const request of result.requests) {
      let add = [];
      let remove = [];
      if ("Permission" in request) {
        if (request.Permission === "SHARE") add = request.AccountIds;
        else remove = request.AccountIds;
      } else {
        // Lists of ids (AddAccount.N), or one parameter holding lists of items each naming one
        // principal ({"LaunchPermission": {"Add": [{"UserId": ...}]}}).
        const ids = (list) => list.map((x) => (typeof x === "object" ? Object.values(x)[0] : x));
        let lists = Object.entries(request);
        const [only] = lists;
        if (lists.length === 1 && !Array.isArray(only[1])) lists = Object.entries(only[1]);
        for (const [k, v] of lists) {
          if (k.startsWith("Add")) add = ids(v);
          if (k.startsWith("Remove")) remove = ids(v);
        }
      }
      const step = ip.share(c.provider, { owner: image.owner, sharedWith: current, state: image.state, add, remove }, { profile: c.profile });
      assert.ok(step.valid, `${c.id}: ${JSON.stringify(step.violations)}`);
      current = step.sharedWith;
    }
    assert.deepEqual(current, [...new Set(desired)].sort(), c.id);
  }
});
