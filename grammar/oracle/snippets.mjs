// Loads the hand-written snippets of snippets/*.txt.
//
// Format, one snippet per line:
//   - a line starting with `##` is a comment; blank lines are skipped;
//   - trailing blanks and tabs are dropped (write `\t` or `\u0020` to keep them);
//   - escapes: `\n` `\r` `\t` `\\` and `\uXXXX` (exactly four hex digits);
//   - a line `<<<` starts a multi-line snippet that runs to a line `>>>`;
//     its lines are joined with LF and take the same escapes.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * @param {string} dir
 * @returns {{id: string, text: string}[]}
 */
export function loadSnippets(dir) {
    const out = [];
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".txt")).sort()) {
        const lines = readFileSync(join(dir, name), "utf8").split("\n");
        let block = null;
        let blockStart = 0;
        lines.forEach((raw, i) => {
            const line = raw.replace(/[ \t\r]+$/, "");
            const where = `${name}:${i + 1}`;
            if (block !== null) {
                if (line === ">>>") {
                    out.push({ id: `${name}:${blockStart}`, text: unescape(block.join("\n"), where) });
                    block = null;
                } else {
                    block.push(line);
                }
                return;
            }
            if (line === "" || line.startsWith("##")) return;
            if (line === "<<<") {
                block = [];
                blockStart = i + 1;
                return;
            }
            out.push({ id: where, text: unescape(line, where) });
        });
        if (block !== null) throw new Error(`${name}:${blockStart}: <<< block has no closing >>>`);
    }
    return out;
}

/**
 * Applies the snippet escapes to one command-line argument.
 * @param {string} s
 */
export function unescapeArgument(s) {
    return unescape(s, "argument");
}

function unescape(s, where) {
    return s.replace(/\\(u[0-9a-fA-F]{4}|[nrt\\]|.?)/g, (all, e) => {
        switch (e[0]) {
            case "n": return "\n";
            case "r": return "\r";
            case "t": return "\t";
            case "\\": return "\\";
            case "u":
                if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
            // falls through: `\u` without four hex digits
            default: throw new Error(`${where}: bad escape ${JSON.stringify(all)}; write \\\\ for a backslash`);
        }
    });
}
