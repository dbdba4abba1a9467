// pqcert's side of the oracle check: one process parses every snippet.
//
// The backend is `pqcert parse`: $PQCERT_BIN when set, else
// server/cmd/pqcert built once with `go build`. With --backend=tsparse it is
// tsparse (grammar/oracle/tsparse), the bare tree-sitter grammar without the
// post-parse checks of server/syntax: a diagnostic for grammar work, which
// disagrees with Microsoft's parser on every keyword used as a name.
// Each backend prints `path:line:col: message` for each syntax error and
// exits 0 (no errors) or 1 (errors); `--stats` adds a final
// `files=N ok=M failed=K bytes=B seconds=S` line.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** @typedef {{name: "pqcert"|"tsparse", argv: string[], note: string}} Backend */

function goTool() {
    if (process.env.GO) return process.env.GO;
    const r = spawnSync("go", ["version"], { encoding: "utf8" });
    if (r.status === 0) return "go";
    if (existsSync("/usr/local/go/bin/go")) return "/usr/local/go/bin/go";
    throw new Error("the go tool is not on PATH (set GO=/path/to/go)");
}

// The grammar binding #includes grammar/src/parser.c and scanner.c, and the
// go command does not hash #included files: after a regeneration it reuses
// the stale object from its cache. A define that carries a hash of
// grammar/src changes the cgo flags, and with them the cache key.
function grammarSourceHash(repoRoot) {
    const h = createHash("sha256");
    const walk = (dir) => {
        for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
            const p = join(dir, e.name);
            if (e.isDirectory()) walk(p);
            else if (/\.[ch]$/.test(e.name)) h.update(e.name).update(readFileSync(p));
        }
    };
    walk(join(repoRoot, "grammar", "src"));
    return h.digest("hex").slice(0, 16);
}

function goBuild(repoRoot, pkg, out) {
    const cflags = `${process.env.CGO_CFLAGS ?? "-O2 -g"} -DPQCERT_GRAMMAR_SRC_${grammarSourceHash(repoRoot)}`;
    const r = spawnSync(goTool(), ["build", "-o", out, pkg], {
        cwd: repoRoot, encoding: "utf8", env: { ...process.env, CGO_CFLAGS: cflags },
    });
    if (r.status !== 0) throw new Error(`go build ${pkg} failed:\n${r.stderr}${r.stdout}`);
}

/**
 * Runs `argv` on a valid and an invalid document to check that it behaves
 * like `pqcert parse`; returns an error message, or "" when it does.
 */
function probe(argv) {
    const dir = mkdtempSync(join(tmpdir(), "pqcert-probe-"));
    try {
        writeFileSync(join(dir, "good.pq"), "let a = 1 in a");
        writeFileSync(join(dir, "bad.pq"), "let a = in");
        const good = spawnSync(argv[0], [...argv.slice(1), "good.pq"], { cwd: dir, encoding: "utf8" });
        if (good.error) return `cannot run ${argv[0]}: ${good.error.message}`;
        const bad = spawnSync(argv[0], [...argv.slice(1), "bad.pq"], { cwd: dir, encoding: "utf8" });
        if (bad.error) return `cannot run ${argv[0]}: ${bad.error.message}`;
        if (good.status !== 0) return `exit ${good.status} on a valid file: ${(good.stderr + good.stdout).trim().slice(0, 300)}`;
        if (bad.status !== 1 || !/^bad\.pq:\d+:\d+: /m.test(bad.stdout + bad.stderr)) {
            return `exit ${bad.status} on an invalid file, output ${JSON.stringify((bad.stdout + bad.stderr).slice(0, 300))}`;
        }
        return "";
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * Chooses and builds the backend.
 * @param {string} repoRoot
 * @param {"pqcert"|"tsparse"} want
 * @param {string} buildDir where binaries go
 * @returns {Backend}
 */
export function backend(repoRoot, want, buildDir) {
    if (want === "tsparse") {
        const bin = join(buildDir, "tsparse");
        goBuild(repoRoot, "./grammar/oracle/tsparse", bin);
        return { name: "tsparse", argv: [bin], note: "the bare grammar: no reserved-word or attribute checks" };
    }
    if (process.env.PQCERT_BIN) {
        const argv = [process.env.PQCERT_BIN, "parse"];
        const bad = probe(argv);
        if (bad) throw new Error(`$PQCERT_BIN parse does not behave like pqcert parse: ${bad}`);
        return { name: "pqcert", argv, note: `$PQCERT_BIN=${process.env.PQCERT_BIN}` };
    }
    const bin = join(buildDir, "pqcert");
    goBuild(repoRoot, "./server/cmd/pqcert", bin);
    const bad = probe([bin, "parse"]);
    if (bad) throw new Error(`pqcert parse does not behave as expected: ${bad}`);
    return { name: "pqcert", argv: [bin, "parse"], note: "go build ./server/cmd/pqcert" };
}

/**
 * Parses every text in one process.
 * @param {Backend} be
 * @param {string[]} texts
 * @returns {{ok: boolean, message: string}[]} in the order of texts
 */
export function verdicts(be, texts) {
    const dir = mkdtempSync(join(tmpdir(), "pqcert-oracle-"));
    try {
        const names = texts.map((t, i) => {
            const name = `s${String(i).padStart(5, "0")}.pq`;
            writeFileSync(join(dir, name), t, "utf8");
            return name;
        });
        const r = spawnSync(be.argv[0], [...be.argv.slice(1), ...names], {
            cwd: dir, encoding: "utf8", maxBuffer: 256 << 20,
        });
        if (r.error) throw r.error;
        if (r.status !== 0 && r.status !== 1) {
            throw new Error(`${be.name} exited ${r.status}:\n${r.stderr.slice(0, 2000)}`);
        }
        const errors = new Map();
        for (const line of (r.stdout + "\n" + r.stderr).split("\n")) {
            const m = /^(s\d{5}\.pq):(\d+):(\d+): (.*)$/.exec(line);
            if (m && !errors.has(m[1])) errors.set(m[1], `${m[2]}:${m[3]}: ${m[4]}`);
        }
        if (r.status === 1 && errors.size === 0) {
            throw new Error(`${be.name} exited 1 but reported no file:\n${(r.stdout + r.stderr).slice(0, 2000)}`);
        }
        if (r.status === 0 && errors.size > 0) {
            throw new Error(`${be.name} exited 0 but reported errors in ${errors.size} files`);
        }
        return names.map((n) => (errors.has(n) ? { ok: false, message: errors.get(n) } : { ok: true, message: "" }));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * Parses one file with --stats and returns its stats line's fields and the
 * wall time of the whole process.
 * @param {Backend} be
 * @param {string} path
 */
export function parseWithStats(be, path) {
    const start = process.hrtime.bigint();
    const r = spawnSync(be.argv[0], [...be.argv.slice(1), "--stats", path], { encoding: "utf8", maxBuffer: 64 << 20 });
    const wall = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.error) throw r.error;
    const m = /files=(\d+) ok=(\d+) failed=(\d+) bytes=(\d+) seconds=([0-9.eE+-]+)/.exec(r.stdout + r.stderr);
    if (!m) throw new Error(`${be.name} --stats printed no stats line:\n${(r.stdout + r.stderr).slice(0, 2000)}`);
    return { files: +m[1], ok: +m[2], failed: +m[3], bytes: +m[4], seconds: +m[5], wall, status: r.status };
}
