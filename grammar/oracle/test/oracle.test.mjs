// Tests of the oracle's own parts: the snippet format, the generator and
// known.json. Run with `node --test test/` (run.sh does).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { connectorDocument, generate } from "../generate.mjs";
import * as ms from "../ms.mjs";
import { loadSnippets, unescapeArgument } from "../snippets.mjs";

test("snippet escapes", () => {
    assert.equal(unescapeArgument("a\\nb\\r\\tc\\\\d\\u00a0"), "a\nb\r\tc\\d\u00a0");
    assert.equal(unescapeArgument("\\ud840\\udc00"), "\u{20000}");
    assert.throws(() => unescapeArgument("C:\\data"), /bad escape/);
    assert.throws(() => unescapeArgument("\\u12"), /bad escape/);
    assert.throws(() => unescapeArgument("end\\"), /bad escape/);
});

test("snippet files: comments, blank lines, trailing blanks and blocks", () => {
    const dir = mkdtempSync(join(tmpdir(), "oracle-test-"));
    try {
        writeFileSync(join(dir, "a.txt"), "## comment\n\n1 + 2  \t\n<<<\nlet\n  x = 1\nin x\n>>>\n\\u0020\n");
        writeFileSync(join(dir, "b.md"), "not a snippet file\n");
        assert.deepEqual(loadSnippets(dir), [
            { id: "a.txt:3", text: "1 + 2" },
            { id: "a.txt:4", text: "let\n  x = 1\nin x" },
            { id: "a.txt:9", text: " " },
        ]);
        writeFileSync(join(dir, "c.txt"), "<<<\nunclosed\n");
        assert.throws(() => loadSnippets(dir), /c\.txt:1: <<< block has no closing >>>/);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

test("the generator is deterministic for a seed", () => {
    assert.deepEqual(generate(5, 200), generate(5, 200));
    assert.notDeepEqual(generate(5, 200), generate(6, 200));
    assert.equal(generate(5, 200).length, 200);
});

test("unmutated generated snippets are valid for Microsoft's parser", async () => {
    const texts = generate(11, 600, { mutationRate: 0 });
    assert.ok(texts.some((t) => /\bsection\b/.test(t)), "some section documents");
    for (const t of texts) {
        const v = await ms.verdict(t);
        assert.ok(v.ok, `${JSON.stringify(t)}: ${v.message}`);
    }
});

test("mutations break some generated snippets", async () => {
    let rejected = 0;
    for (const t of generate(12, 300)) if (!(await ms.verdict(t)).ok) rejected++;
    assert.ok(rejected > 30 && rejected < 150, `${rejected} of 300 rejected`);
});

test("the benchmark document has the asked size and parses", async () => {
    const doc = connectorDocument(3, 40 * 1024);
    assert.ok(doc.length >= 40 * 1024 && doc.length < 44 * 1024, `${doc.length} bytes`);
    assert.equal(connectorDocument(3, 40 * 1024), doc);
    await ms.parseSectionDocument(doc);
});

test("Microsoft's verdicts for a few texts", async () => {
    assert.equal((await ms.verdict("let x = 1 in x")).ok, true);
    assert.equal((await ms.verdict("\ufeffsection Foo; x = 1;")).ok, true, "leading BOM dropped");
    const bad = await ms.verdict("let x = in x");
    assert.equal(bad.ok, false);
    assert.equal(bad.stage, "parse");
    assert.equal((await ms.verdict("#!\"x\"")).stage, "lex");
    assert.equal((await ms.verdict("x as number = y")).stage, "invariant");
    assert.equal((await ms.verdict("\"abc\"{0}", { recursive: true })).ok, true);
});

test("known.json is well formed", () => {
    const known = JSON.parse(readFileSync(new URL("../known.json", import.meta.url), "utf8"));
    for (const [id, c] of Object.entries(known.categories)) {
        for (const k of ["title", "reason", "powerBI"]) assert.ok(c[k], `category ${id} needs ${k}`);
    }
    const texts = new Set();
    for (const d of known.disagreements) {
        assert.ok(known.categories[d.category], `unknown category ${d.category}`);
        assert.ok(["accept", "reject"].includes(d.ms) && ["accept", "reject"].includes(d.pqcert));
        assert.notEqual(d.ms, d.pqcert, `${JSON.stringify(d.text)} is not a disagreement`);
        assert.ok(!texts.has(d.text), `${JSON.stringify(d.text)} listed twice`);
        texts.add(d.text);
    }
});
