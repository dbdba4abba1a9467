// Seeded, grammar-directed random generator of M expressions and section
// documents for the oracle check, plus the connector-like benchmark document.
//
//   node generate.mjs [--seed=N] [--count=N]   print the snippets as JSON lines
//
// Snippets are derived from the M grammar with the precedence layers of the
// specification (an operand that is looser than its slot is parenthesized
// or never chosen), so unmutated output is valid M. It avoids the corners
// where the specification and Microsoft's parser are known to differ (postfix
// after a literal, `.5`-style numbers, section access, verbatim literals,
// empty `let`): those are probed by the hand-written snippets. A share of
// the snippets is then mutated at the token level (a dropped, duplicated or
// swapped token, a keyword swapped for another, an unbalanced bracket), which
// mostly breaks them.
import { fileURLToPath } from "node:url";

/** mulberry32: small, fast, and the same on every platform. */
function rng(seed) {
    let a = seed >>> 0;
    const next = () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return {
        next,
        int: (n) => Math.floor(next() * n),
        pick: (xs) => xs[Math.floor(next() * xs.length)],
        chance: (p) => next() < p,
    };
}

const IDENTIFIERS = [
    "x", "y", "a", "b", "_", "Source", "value", "Table.AddColumn", "Text.From", "List.Transform",
    "Json.Document", "Web.Contents", "a.b.c", "x1", "Column_2", "é", "Ωmega", "日本", "값", "#\"Quoted Name\"", "#\"if\"",
    "#\"a\"\"b\"", "#\"\"",
];
// Field names carry a FIELD mark for the printer, which keeps comments and
// line breaks away from them: Microsoft's parser reads a field name from the
// raw text up to `=`, `,` or `]`, and rejects `[a /* c */ = 1]`, which the
// specification allows (a hand-written case).
const FIELD = "\u0001";
const FIELD_NAMES = [
    "a", "b", "Name", "Field Name", "if", "then else", "1st", "Column.With.Dots", "#\"quoted field\"",
    "Value", "x y z", "type", "ÄÖÜ",
].map((n) => FIELD + n);
// Microsoft's parser wants a field name in a record or table type to start
// with an identifier or keyword (`type [1st = number]` is an error there,
// valid in the specification: a hand-written case).
const TYPE_FIELD_NAMES = FIELD_NAMES.filter((n) => !/^\d/.test(n.slice(FIELD.length)));
const PRIMITIVE_TYPES = [
    "any", "anynonnull", "binary", "date", "datetime", "datetimezone", "duration", "function", "list",
    "logical", "none", "null", "number", "record", "table", "text", "time", "type",
];
const INTRINSIC_CALLS = [
    "#date(2020, 1, 31)", "#datetime(2020, 1, 31, 12, 0, 0)", "#datetimezone(2020, 1, 31, 12, 0, 0, 1, 0)",
    "#time(12, 30, 0)", "#duration(1, 2, 3, 4.5)", "#binary(\"AQID\")", "#table({\"a\", \"b\"}, {{1, 2}})",
];
const INTRINSIC_NAMES = ["#shared", "#sections"];
const NUMBERS = ["0", "1", "42", "007", "3.14", "1e10", "2.5E-3", "0x1F", "0XFF", "#infinity", "#nan", "1000000"];
const TEXTS = ["\"\"", "\"abc\"", "\"say \"\"hi\"\"\"", "\"line#(cr,lf)break\"", "\"tab#(tab)\"", "\"multi\nline\"", "\"#(#)(\""];
const KEYWORDS = ["and", "as", "each", "else", "error", "if", "in", "is", "let", "meta", "not", "or", "otherwise", "then", "try", "type", "section", "shared"];

// Levels, loosest first; an operand at level L may be any form of level >= L.
const L = {
    expr: 0, coalesce: 1, or: 2, and: 3, is: 4, as: 5, eq: 6, rel: 7, add: 8, mul: 9, meta: 10, unary: 11,
    typ: 12, primary: 13,
};

class Gen {
    constructor(r) {
        this.r = r;
    }

    // -- expressions: each returns an array of tokens ----------------------

    expr(level, depth) {
        const r = this.r;
        if (depth <= 0) return this.leaf();
        // Bias towards tight forms so the trees stay small but every level shows up.
        const form = level + r.int(L.primary - level + 1);
        const d = depth - 1;
        switch (form) {
            case L.expr: return this.expressionForm(d);
            case L.coalesce: return [...this.expr(L.or, d), "??", ...this.expr(L.coalesce, d)];
            case L.or: return [...this.expr(L.or, d), "or", ...this.expr(L.and, d)];
            case L.and: return [...this.expr(L.and, d), "and", ...this.expr(L.is, d)];
            case L.is: return [...this.expr(L.is, d), "is", ...this.nullablePrimitive()];
            case L.as: return [...this.expr(L.as, d), "as", ...this.nullablePrimitive()];
            case L.eq: return [...this.expr(L.eq, d), r.pick(["=", "<>"]), ...this.expr(L.rel, d)];
            case L.rel: return [...this.expr(L.rel, d), r.pick(["<", "<=", ">", ">="]), ...this.expr(L.add, d)];
            case L.add: return [...this.expr(L.add, d), r.pick(["+", "-", "&"]), ...this.expr(L.mul, d)];
            case L.mul: return [...this.expr(L.mul, d), r.pick(["*", "/"]), ...this.expr(L.meta, d)];
            case L.meta: return [...this.expr(L.unary, d), "meta", ...this.expr(L.unary, d)];
            case L.unary: return [r.pick(["+", "-", "not"]), ...this.expr(L.unary, d)];
            case L.typ: return ["type", ...this.primaryType(d)];
            default: return this.primary(d);
        }
    }

    expressionForm(d) {
        const r = this.r;
        switch (r.int(7)) {
            case 0: return ["each", ...this.expr(L.expr, d)];
            case 1: {
                const out = ["let"];
                const n = 1 + r.int(3);
                for (let i = 0; i < n; i++) {
                    if (i > 0) out.push(",");
                    out.push(this.name(), "=", ...this.expr(L.expr, d));
                }
                return [...out, "in", ...this.expr(L.expr, d)];
            }
            case 2: return ["if", ...this.expr(L.expr, d), "then", ...this.expr(L.expr, d), "else", ...this.expr(L.expr, d)];
            case 3: return this.functionExpression(d);
            case 4: return ["error", ...this.expr(L.expr, d)];
            case 5: return ["try", ...this.expr(L.expr, d)];
            default: {
                const body = ["try", ...this.expr(L.expr, d)];
                if (r.chance(0.5)) return [...body, "otherwise", ...this.expr(L.expr, d)];
                const param = r.chance(0.7) ? [this.plainName()] : [];
                return [...body, "catch", "(", ...param, ")", "=>", ...this.expr(L.expr, d)];
            }
        }
    }

    functionExpression(d) {
        const r = this.r;
        const out = ["("];
        const required = r.int(3);
        const optional = r.int(2);
        for (let i = 0; i < required + optional; i++) {
            if (i > 0) out.push(",");
            if (i >= required) out.push("optional");
            out.push(this.plainName());
            if (r.chance(0.4)) out.push("as", ...this.nullablePrimitive());
        }
        out.push(")");
        if (r.chance(0.3)) out.push("as", ...this.nullablePrimitive());
        return [...out, "=>", ...this.expr(L.expr, d)];
    }

    primary(d) {
        const r = this.r;
        if (d <= 0) return this.leaf();
        switch (r.int(10)) {
            case 0: return this.leaf();
            case 1: return ["(", ...this.expr(L.expr, d - 1), ")"];
            case 2: return this.list(d);
            case 3: return this.record(d);
            case 4: return [r.pick(INTRINSIC_CALLS)];
            case 5: return ["..."];
            default: return this.postfixChain(d);
        }
    }

    list(d) {
        const r = this.r;
        const out = ["{"];
        const n = r.int(4);
        for (let i = 0; i < n; i++) {
            if (i > 0) out.push(",");
            out.push(...this.expr(L.expr, d - 1));
            if (r.chance(0.2)) out.push("..", ...this.expr(L.expr, d - 1));
        }
        return [...out, "}"];
    }

    record(d) {
        const r = this.r;
        const out = ["["];
        const n = r.int(4);
        for (let i = 0; i < n; i++) {
            if (i > 0) out.push(",");
            out.push(r.pick(FIELD_NAMES), "=", ...this.expr(L.expr, d - 1));
        }
        return [...out, "]"];
    }

    // A postfix chain never starts at a literal: Microsoft's parser rejects
    // `"abc"{0}` and `1[a]`, which the specification allows (a hand-written case).
    postfixChain(d) {
        const r = this.r;
        let out;
        switch (r.int(6)) {
            case 0: out = ["[", r.pick(FIELD_NAMES), "]"]; break; // implicit field access
            case 1: out = ["[", ...this.selectors(), "]"]; break; // implicit projection
            case 2: out = [r.pick(INTRINSIC_NAMES)]; break;
            case 3: out = ["(", ...this.expr(L.expr, d - 1), ")"]; break;
            default: out = [...(r.chance(0.15) ? ["@"] : []), this.name()];
        }
        const n = r.int(4);
        for (let i = 0; i < n; i++) {
            switch (r.int(4)) {
                case 0: out.push("[", r.pick(FIELD_NAMES), "]"); if (r.chance(0.3)) out.push("?"); break;
                case 1: out.push("[", ...this.selectors(), "]"); if (r.chance(0.3)) out.push("?"); break;
                case 2: out.push("{", ...this.expr(L.expr, d - 1), "}"); if (r.chance(0.3)) out.push("?"); break;
                default: {
                    out.push("(");
                    const args = r.int(3);
                    for (let j = 0; j < args; j++) {
                        if (j > 0) out.push(",");
                        out.push(...this.expr(L.expr, d - 1));
                    }
                    out.push(")");
                }
            }
        }
        return out;
    }

    selectors() {
        const out = [];
        const n = 1 + this.r.int(3);
        for (let i = 0; i < n; i++) {
            if (i > 0) out.push(",");
            out.push("[", this.r.pick(FIELD_NAMES), "]");
        }
        return out;
    }

    leaf() {
        const r = this.r;
        switch (r.int(6)) {
            case 0: return [r.pick(NUMBERS)];
            case 1: return [r.pick(TEXTS)];
            case 2: return [r.pick(["true", "false", "null"])];
            case 3: return ["[", r.pick(FIELD_NAMES), "]"];
            default: return [this.name()];
        }
    }

    name() {
        return this.r.pick(IDENTIFIERS);
    }

    plainName() {
        return this.r.pick(["x", "y", "value", "e", "acc", "item.Name", "#\"p q\""]);
    }

    // -- types --------------------------------------------------------------

    nullablePrimitive() {
        const t = this.r.pick(PRIMITIVE_TYPES);
        return this.r.chance(0.25) ? ["nullable", t] : [t];
    }

    primaryType(d) {
        const r = this.r;
        switch (d <= 0 ? 0 : r.int(7)) {
            case 0: case 1: return [r.pick(PRIMITIVE_TYPES)];
            case 2: return ["{", ...this.typeSlot(d - 1), "}"];
            case 3: return this.recordType(d, true);
            case 4: {
                if (r.chance(0.8)) return ["table", ...this.recordType(d, false)];
                // Microsoft's extension: a primary expression that starts
                // with `@`, an identifier or `(` as the row type.
                const row = [r.chance(0.2) ? "@" + this.plainName().replace(/^#.*/, "x") : this.name()];
                if (r.chance(0.4)) row.push("(", ...this.expr(L.expr, Math.min(d, 1)), ")");
                if (r.chance(0.3)) row.push("[", r.pick(FIELD_NAMES), "]");
                return ["table", ...row];
            }
            case 5: {
                const out = ["function", "("];
                const n = r.int(3);
                for (let i = 0; i < n; i++) {
                    if (i > 0) out.push(",");
                    if (i > 0 && r.chance(0.3)) out.push("optional");
                    out.push(this.plainName(), "as", ...this.typeSlot(d - 1));
                    // Keep optional parameters last.
                    if (out.includes("optional")) break;
                }
                return [...out, ")", "as", ...this.typeSlot(d - 1)];
            }
            default: return ["nullable", ...this.typeSlot(d - 1, true)];
        }
    }

    recordType(d, open) {
        const r = this.r;
        const out = ["["];
        const n = r.int(3);
        for (let i = 0; i < n; i++) {
            if (i > 0) out.push(",");
            if (r.chance(0.3)) out.push("optional");
            out.push(r.pick(TYPE_FIELD_NAMES));
            if (r.chance(0.7)) out.push("=", ...this.typeSlot(d - 1));
        }
        if (open && r.chance(0.3)) {
            if (n > 0) out.push(",");
            out.push("...");
        }
        return [...out, "]"];
    }

    // A nested type slot: a primary type or a primary expression (`type {Foo}`).
    typeSlot(d, noNullable = false) {
        const r = this.r;
        if (r.chance(0.2)) return r.chance(0.5) ? [this.name()] : ["(", ...this.expr(L.expr, Math.min(d, 1)), ")"];
        let t = this.primaryType(Math.max(d, 0));
        // `nullable nullable T` is a corner of its own (hand-written).
        while (noNullable && t[0] === "nullable") t = this.primaryType(0);
        return t;
    }

    // -- section documents ----------------------------------------------------

    literal(d) {
        const r = this.r;
        if (d <= 0 || r.chance(0.5)) {
            return [r.pick([...NUMBERS.filter((n) => !n.startsWith("#")), ...TEXTS, "true", "false", "null"])];
        }
        if (r.chance(0.5)) {
            const out = ["{"];
            const n = r.int(3);
            for (let i = 0; i < n; i++) {
                if (i > 0) out.push(",");
                out.push(...this.literal(d - 1));
            }
            return [...out, "}"];
        }
        return this.literalRecord(d - 1);
    }

    literalRecord(d) {
        const out = ["["];
        const n = 1 + this.r.int(3);
        for (let i = 0; i < n; i++) {
            if (i > 0) out.push(",");
            out.push(this.r.pick(FIELD_NAMES), "=", ...this.literal(d));
        }
        return [...out, "]"];
    }

    section(d) {
        const r = this.r;
        const out = [];
        if (r.chance(0.4)) out.push(...this.literalRecord(1));
        out.push("section", r.pick(["Section1", "MyConnector", "Foo.Bar", "#\"My Section\""]), ";");
        const n = r.int(4);
        for (let i = 0; i < n; i++) {
            if (r.chance(0.3)) out.push(...this.literalRecord(1));
            if (r.chance(0.5)) out.push("shared");
            out.push(r.pick(["Member", "MyConnector.Contents", "#\"Member Two\"", "Helper", "x"]), "=",
                ...this.expr(L.expr, d), ";");
        }
        return out;
    }
}

// -- mutations -----------------------------------------------------------------

function mutate(r, tokens) {
    const t = [...tokens];
    if (t.length === 0) return [r.pick(KEYWORDS)];
    const i = r.int(t.length);
    switch (r.int(7)) {
        case 0: t.splice(i, 1); break;
        case 1: t.splice(i, 0, t[i]); break;
        case 2: if (i + 1 < t.length) [t[i], t[i + 1]] = [t[i + 1], t[i]]; break;
        case 3: {
            const k = t.findIndex((x, j) => j >= i && KEYWORDS.includes(x));
            if (k >= 0) t[k] = r.pick(KEYWORDS);
            else t.splice(i, 0, r.pick(KEYWORDS));
            break;
        }
        case 4: t.splice(i, 0, r.pick(["(", ")", "[", "]", "{", "}"])); break;
        case 5: {
            const k = t.findIndex((x, j) => j >= i && [")", "]", "}"].includes(x));
            t.splice(k >= 0 ? k : i, 1);
            break;
        }
        default: t.splice(i, 0, r.pick([",", "=", "=>", "..", "?", "+", ";", "@"])); break;
    }
    return t;
}

// -- printing --------------------------------------------------------------------

const TIGHT = new Set(["(", ")", "[", "]", "{", "}", ",", ";"]);

function print(r, tokens) {
    let out = "";
    for (let i = 0; i < tokens.length; i++) {
        if (i > 0) out += separator(r, tokens[i - 1], tokens[i]);
        out += tokens[i].startsWith(FIELD) ? tokens[i].slice(FIELD.length) : tokens[i];
    }
    return out;
}

function separator(r, prev, next) {
    const x = r.next();
    if (x < 0.25 && (TIGHT.has(prev) || TIGHT.has(next))) return "";
    if (x < 0.85 || prev.startsWith(FIELD) || next.startsWith(FIELD)) return " ";
    if (x < 0.9) return "\n    ";
    if (x < 0.93) return "\r\n";
    if (x < 0.95) return "\t";
    if (x < 0.97) return " /* note */ ";
    if (x < 0.99) return " // note\n";
    return "\u00a0";
}

/**
 * Generates `count` snippets, the same ones for the same seed and options.
 * @param {number} seed
 * @param {number} count
 * @param {{mutationRate?: number}} [options] the share of snippets that get
 *   mutated (0.3 by default); with 0 every snippet is valid M.
 * @returns {string[]}
 */
export function generate(seed, count, options = {}) {
    const mutationRate = options.mutationRate ?? 0.3;
    const r = rng(seed);
    const g = new Gen(r);
    const out = [];
    for (let i = 0; i < count; i++) {
        const depth = 2 + r.int(4);
        let tokens = r.chance(0.25) ? g.section(depth) : g.expr(L.expr, depth);
        if (r.chance(mutationRate)) {
            tokens = mutate(r, tokens);
            if (r.chance(0.3)) tokens = mutate(r, tokens);
        }
        out.push(print(r, tokens));
    }
    return out;
}

// -- the benchmark document -----------------------------------------------------------

/**
 * A connector-like section document of about `bytes` bytes: data source
 * functions with documented types, navigation tables, paging helpers and
 * table transformations, as in Microsoft's connector samples.
 * @param {number} seed
 * @param {number} bytes
 */
export function connectorDocument(seed, bytes) {
    const r = rng(seed);
    const parts = [
        "// Generated for the oracle benchmark of pqcert.\n",
        "[Version = \"1.0.0\"]\nsection Bench;\n\n",
    ];
    let size = parts.join("").length;
    for (let i = 0; size < bytes; i++) {
        const m = member(r, i);
        parts.push(m);
        size += Buffer.byteLength(m, "utf8");
    }
    return parts.join("");
}

function member(r, i) {
    const n = `M${i}`;
    const col = r.pick(["Name", "Id", "Created At", "Amount", "Status"]);
    switch (i % 6) {
        case 0:
            return `[DataSource.Kind = "Bench", Publish = "Bench.Publish"]
shared Bench.Contents${i} = Value.ReplaceType(Bench.Impl${i}, Bench.Type${i});

Bench.Type${i} = type function (
    url as (Uri.Type meta [
        Documentation.FieldCaption = "Service URL",
        Documentation.SampleValues = {"https://api.example.com/v${i}"}
    ]),
    optional options as (type nullable [optional PageSize = number, optional Filter = text] meta [
        Documentation.FieldCaption = "Options"
    ])
) as table meta [
    Documentation.Name = "Bench ${i}",
    Documentation.LongDescription = "Returns the rows of endpoint ${i}."
];

`;
        case 1:
            return `Bench.Impl${i} = (url as text, optional options as nullable record) as table =>
    let
        pageSize = if options <> null and Record.HasFields(options, "PageSize") then options[PageSize] else ${10 + r.int(990)},
        headers = [#"Accept" = "application/json", #"X-Page-Size" = Text.From(pageSize)],
        source = Web.Contents(url, [RelativePath = "items/${i}", Headers = headers, Query = [page = "1"]]),
        json = Json.Document(source),
        rows = try json[value] otherwise {},
        table = Table.FromRecords(rows, type table [Id = number, Name = text, #"${col}" = nullable any]),
        typed = Table.TransformColumnTypes(table, {{"Id", Int64.Type}, {"Name", type text}})
    in
        typed;

`;
        case 2:
            return `${n}.NavTable = (url as text) as table =>
    let
        objects = #table(
            {"Name", "Key", "Data", "ItemKind", "ItemName", "IsLeaf"},
            {
                {"Items ${i}", "items${i}", ${n}.Items(url), "Table", "Table", true},
                {"Users ${i}", "users${i}", ${n}.Users(url), "Table", "Table", true},
                {"Totals", "totals", #table({"Total"}, {{${r.int(100000)}}}), "Table", "Table", true}
            }),
        navTable = Table.ToNavigationTable(objects, {"Key"}, "Name", "Data", "ItemKind", "ItemName", "IsLeaf")
    in
        navTable;

`;
        case 3:
            return `${n}.GetAllPages = (url as text) as table =>
    Table.GenerateByPage((previous) =>
        let
            next = if previous = null then url else Value.Metadata(previous)[NextLink]?,
            page = if next <> null then ${n}.GetPage(next) else null
        in
            page);

${n}.GetPage = (url as text) as table =>
    let
        response = Web.Contents(url, [ManualStatusHandling = {400, 404, 500}]),
        status = Value.Metadata(response)[Response.Status],
        body = if status >= 400 then error Error.Record("Bench.Error", "HTTP " & Text.From(status), url) else Json.Document(response),
        data = Table.FromRecords(body[data]),
        withLink = data meta [NextLink = body[#"@odata.nextLink"]?]
    in
        withLink;

`;
        case 4:
            return `${n}.Transform = (source as table) as table =>
    let
        added = Table.AddColumn(source, "Total ${i}", each [Amount] * (1 + [Tax] / 100), type number),
        filtered = Table.SelectRows(added, each [Status] <> "Deleted" and ([Amount] ?? 0) > ${r.int(1000)}),
        renamed = Table.RenameColumns(filtered, {{"${col}", "${col} (${i})"}}),
        grouped = Table.Group(renamed, {"Name"}, {{"Count", each Table.RowCount(_), Int64.Type}, {"Sum", each List.Sum([Amount]), type number}}),
        sorted = Table.Sort(grouped, {{"Count", Order.Descending}, "Name"}),
        result = if Table.IsEmpty(sorted) then #table(type table [Name = text, Count = number], {}) else sorted
    in
        result;

`;
        default:
            return `${n}.Helpers = [
    Publish = [Beta = true, Category = "Other", ButtonText = {Extension.LoadString("ButtonTitle"), "Help ${i}"}],
    Escape = (t as text) as text => Text.Replace(Text.Replace(t, "#(cr,lf)", " "), """", "'"),
    Retry = (f as function, count as number) => try f() otherwise if count > 0 then @Retry(f, count - 1) else error "failed",
    Range = {1..${5 + r.int(50)}, 100},
    When = #datetimezone(2024, ${1 + r.int(12)}, ${1 + r.int(28)}, 8, 30, 0, -5, 0) + #duration(0, ${r.int(24)}, 0, 0),
    Check = (v) => v is nullable number or v is text,
    Pick = (r as record) => r[[Id], [Name]]
];

`;
    }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    let seed = 20240611;
    let count = 6000;
    for (const a of process.argv.slice(2)) {
        const [k, v] = a.replace(/^--/, "").split("=", 2);
        if (k === "seed") seed = Number(v);
        else if (k === "count") count = Number(v);
        else {
            console.error(`unknown argument ${a}; usage: node generate.mjs [--seed=N] [--count=N]`);
            process.exit(2);
        }
    }
    for (const s of generate(seed, count)) console.log(JSON.stringify(s));
}
