// Microsoft's Power Query M parser (@microsoft/powerquery-parser), wrapped
// to give an accept/reject verdict per document.
import PQP from "@microsoft/powerquery-parser";

const { TaskUtils, DefaultSettings, Parser, CommonError } = PQP;

const settings = {
    ...DefaultSettings,
    // Expression or section document, whichever parses: the same choice as
    // pqcert's `source_file`. Ties and both-fail cases are rejections anyway.
    parseBehavior: Parser.ParseBehavior.ParseEitherExpressionOrSection,
};

// The recursive-descent parser shipped in the same package. It is not what
// the notes call MS; its verdict is shown beside disagreements because it
// differs from the default parser in places (postfix after a literal).
const recursiveSettings = { ...settings, parser: Parser.RecursiveDescentParser };

export const version = "@microsoft/powerquery-parser " +
    JSON.parse(await (await import("node:fs/promises")).readFile(
        new URL("./node_modules/@microsoft/powerquery-parser/package.json", import.meta.url), "utf8")).version;

/**
 * Verdict of Microsoft's parser.
 * @param {string} text the document; a leading U+FEFF is dropped first, as
 *   Power Query's own file loading does (the lexer rejects it).
 * @param {{recursive?: boolean}} [options]
 * @returns {Promise<{ok: boolean, stage: "ok"|"lex"|"parse"|"invariant", message: string}>}
 */
export async function verdict(text, options = {}) {
    const s = options.recursive ? recursiveSettings : settings;
    const src = text.startsWith("\ufeff") ? text.slice(1) : text;
    let lexed;
    try {
        lexed = TaskUtils.tryLex(s, src);
    } catch (e) {
        return { ok: false, stage: "invariant", message: oneLine(e) };
    }
    if (!TaskUtils.isOk(lexed)) {
        return { ok: false, stage: "lex", message: oneLine(lexed.error) };
    }
    let parsed;
    try {
        parsed = await TaskUtils.tryParse(s, lexed.lexerSnapshot);
    } catch (e) {
        return { ok: false, stage: "invariant", message: oneLine(e) };
    }
    if (TaskUtils.isOk(parsed)) return { ok: true, stage: "ok", message: "" };
    // An InvariantError is the parser tripping over its own assertion on
    // input it cannot handle (`x as number = y`); it still rejects.
    const stage = CommonError.isCommonError(parsed.error) ? "invariant" : "parse";
    return { ok: false, stage, message: oneLine(parsed.error) };
}

/**
 * Lexes and parses one section document, for timing; throws when it fails.
 * @param {string} text
 */
export async function parseSectionDocument(text) {
    const s = { ...DefaultSettings, parseBehavior: Parser.ParseBehavior.ParseSection };
    const lexed = TaskUtils.tryLex(s, text);
    if (!TaskUtils.isOk(lexed)) throw new Error("MS lexer rejected the document: " + oneLine(lexed.error));
    const parsed = await TaskUtils.tryParse(s, lexed.lexerSnapshot);
    if (!TaskUtils.isOk(parsed)) throw new Error("MS parser rejected the document: " + oneLine(parsed.error));
}

function oneLine(e) {
    const m = e && e.message ? e.message : String(e);
    return m.replace(/\s+/g, " ").slice(0, 200);
}
