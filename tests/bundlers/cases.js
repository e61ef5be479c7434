// The calls every bundle makes in the browser, and the Node test makes through the package's
// Node entry, so the two answers can be held equal. `load` is how the bundle loads the
// WebAssembly (`init()` or `init(url)`); everything here is plain data for JSON.
export async function run(ipf, load) {
  await load();
  await ipf.init(); // a second call shares the first load
  const names = ["my-image_1.0", "中文镜像-v1", "1abc", "aliyun-x"];
  // Answers as their own properties (the camelCase the page reads), copied into plain objects:
  // the browser hands its values over that way, and an answer's toJSON would give the
  // published snake_case shape instead.
  const own = (answer) => structuredClone({ ...answer });
  return {
    checks: names.map((name) => own(ipf.check("alibaba", { name }))),
    chinese: own(ipf.check("alibaba", { name: "1abc" }, { lang: "zh" })),
    many: ipf.checkMany("alibaba", "name", names).map(own),
    rules: ipf.rules("alibaba"),
    allRules: Object.keys(ipf.rules()).sort(),
  };
}
