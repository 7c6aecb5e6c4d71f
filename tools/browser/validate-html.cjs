// A long-lived HTML validator for the browser tests (tests/browser/): reads one JSON object
// per line on standard input, {"id": "...", "html": "..."}, and writes one JSON line back,
// {"id": "...", "valid": bool, "messages": [{"rule", "message", "line", "column", "selector"}]}.
// One process per test worker keeps node's start-up cost out of each page's check.
"use strict";
const readline = require("node:readline");
const { HtmlValidate, StaticConfigLoader } = require("html-validate");

const config = {
  // "standard": the rules about conformance to the HTML standard (content models, required
  // and allowed attributes, duplicate ids, unclosed or stray elements), without style rules.
  extends: ["html-validate:standard"],
  rules: {
    // References that must resolve: <label for>, aria-labelledby, aria-describedby, aria-controls.
    "no-missing-references": "error",
    "input-missing-label": "error",
    "wcag/h37": "error", // <img> needs alt
  },
};
const validator = new HtmlValidate(new StaticConfigLoader(config));

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", async (line) => {
  if (!line.trim()) return;
  let request;
  try {
    request = JSON.parse(line);
  } catch (error) {
    process.stdout.write(JSON.stringify({ id: null, error: String(error) }) + "\n");
    return;
  }
  try {
    const report = await validator.validateString(request.html, `${request.id}.html`);
    const messages = report.results.flatMap((result) =>
      result.messages.map((m) => ({
        rule: m.ruleId, message: m.message, line: m.line, column: m.column, selector: m.selector,
        severity: m.severity,
      })));
    process.stdout.write(JSON.stringify({ id: request.id, valid: report.valid, messages }) + "\n");
  } catch (error) {
    process.stdout.write(JSON.stringify({ id: request.id, error: String(error && error.stack || error) }) + "\n");
  }
});
