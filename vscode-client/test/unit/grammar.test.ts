// Tokenises M with our TextMate grammar through the same engine VS Code uses
// (vscode-textmate + Oniguruma) and checks the scopes of key tokens.
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = path.resolve(__dirname, '../../..');
let grammar: textmate.IGrammar;

before(async () => {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName !== 'source.powerquery.pqcert') {
        return null;
      }
      const file = path.join(root, 'syntaxes/powerquery.tmLanguage.json');
      return textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  const loaded = await registry.loadGrammar('source.powerquery.pqcert');
  assert.ok(loaded, 'grammar loads');
  grammar = loaded;
});

/** Tokens of a multi-line text as [text, innermost scope]. */
function tokenize(text: string): Array<[string, string]> {
  let state = textmate.INITIAL;
  const out: Array<[string, string]> = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      const s = line.slice(t.startIndex, t.endIndex);
      if (s.trim() !== '') {
        out.push([s, t.scopes[t.scopes.length - 1]]);
      }
    }
    state = r.ruleStack;
  }
  return out;
}

function scopeOf(text: string, token: string): string {
  const hit = tokenize(text).find(([t]) => t === token);
  assert.ok(hit, `token ${JSON.stringify(token)} in ${JSON.stringify(tokenize(text))}`);
  return hit[1];
}

describe('TextMate grammar', () => {
  it('colours keywords and logical constants', () => {
    const src = 'let x = if a and not b then true else null in try x otherwise each _';
    assert.equal(scopeOf(src, 'let'), 'keyword.control.let.powerquery');
    assert.equal(scopeOf(src, 'in'), 'keyword.control.let.powerquery');
    assert.equal(scopeOf(src, 'if'), 'keyword.control.conditional.powerquery');
    assert.equal(scopeOf(src, 'and'), 'keyword.operator.logical.powerquery');
    assert.equal(scopeOf(src, 'true'), 'constant.language.logical.powerquery');
    assert.equal(scopeOf(src, 'null'), 'constant.language.null.powerquery');
    assert.equal(scopeOf(src, 'otherwise'), 'keyword.control.exception.powerquery');
    assert.equal(scopeOf(src, 'each'), 'keyword.other.each.powerquery');
  });

  it('colours # keywords', () => {
    const src = 'x = #table({}, {}) & #shared & #nan & #date(2024,1,1)';
    assert.equal(scopeOf(src, '#table'), 'support.function.constructor.powerquery');
    assert.equal(scopeOf(src, '#shared'), 'variable.language.environment.powerquery');
    assert.equal(scopeOf(src, '#nan'), 'constant.language.numeric.powerquery');
    assert.equal(scopeOf(src, '#date'), 'support.function.constructor.powerquery');
  });

  it('colours hex, decimal and exponent numbers', () => {
    const src = 'x = 0xFF + 1.5e-3 + 42 + .5';
    assert.equal(scopeOf(src, '0xFF'), 'constant.numeric.hex.powerquery');
    assert.equal(scopeOf(src, '1.5e-3'), 'constant.numeric.decimal.powerquery');
    assert.equal(scopeOf(src, '42'), 'constant.numeric.decimal.powerquery');
    assert.equal(scopeOf(src, '.5'), 'constant.numeric.decimal.powerquery');
  });

  it('keeps "" and #(...) escapes inside text', () => {
    const tokens = tokenize('x = "say ""hi""#(cr,lf)#(tab)#(0041)#(#)(" & y');
    const escapes = tokens.filter(([, s]) => s.startsWith('constant.character.escape')).map(([t]) => t);
    assert.deepEqual(escapes, ['""', '""', '#(cr,lf)', '#(tab)', '#(0041)', '#(#)']);
    assert.equal(scopeOf('x = "a" & y', 'y'), 'variable.other.powerquery');
    assert.ok(tokens.some(([t, s]) => t === '(' && s === 'string.quoted.double.powerquery'));
  });

  it('flags a malformed escape', () => {
    assert.equal(scopeOf('x = "#(bogus)"', '#(bogus)'), 'invalid.illegal.escape.powerquery');
  });

  it('reads #"quoted identifiers" with doubled quotes as one name', () => {
    const tokens = tokenize('#"Added ""Total"" Column" = Table.AddColumn(t, "n", each 1)');
    const quoted = tokens.filter(([, s]) => s.startsWith('variable.other.quoted') || s.startsWith('constant.character.escape')).map(([t]) => t);
    assert.deepEqual(quoted, ['Added ', '""', 'Total', '""', ' Column']);
    assert.equal(tokens[0][1], 'punctuation.definition.quoted-identifier.begin.powerquery');
  });

  it('colours line, block and doc comments', () => {
    assert.equal(scopeOf('x = 1 // note', ' note'), 'comment.line.double-slash.powerquery');
    const block = tokenize('/* one\n two */ x');
    assert.deepEqual(block.slice(0, 4), [
      ['/*', 'punctuation.definition.comment.powerquery'],
      [' one', 'comment.block.powerquery'],
      [' two ', 'comment.block.powerquery'],
      ['*/', 'punctuation.definition.comment.powerquery'],
    ]);
    assert.equal(block[block.length - 1][1], 'variable.other.powerquery');
    assert.equal(scopeOf('/** doc */', ' doc '), 'comment.block.documentation.powerquery');
  });

  it('colours library Namespace.Name and leaves connector names as names', () => {
    const src = 'r = Table.AddColumn(Json.Document(Web.Contents(u)), "x", each Text.Upper(_)) & MyConnector.Helper(1) & Fixture.Value';
    assert.equal(scopeOf(src, 'Table'), 'support.class.namespace.powerquery');
    assert.equal(scopeOf(src, 'AddColumn'), 'support.function.library.powerquery');
    assert.equal(scopeOf(src, 'Contents'), 'support.function.library.powerquery');
    assert.equal(scopeOf(src, 'MyConnector.Helper'), 'entity.name.function.powerquery');
    assert.equal(scopeOf(src, 'Fixture.Value'), 'variable.other.powerquery');
    assert.equal(scopeOf('x = Tables.GetRelationships', 'GetRelationships'), 'support.function.library.powerquery');
    // A namespace name that only starts a longer word is not a namespace.
    assert.equal(scopeOf('x = Texture.Load', 'Texture.Load'), 'variable.other.powerquery');
  });

  it('colours operators and the section header', () => {
    const src = 'section Fixture;\nshared F = (a as nullable text, optional b as number) as table => a <> b ?? {1..3}';
    assert.equal(scopeOf(src, 'Fixture'), 'entity.name.section.powerquery');
    assert.equal(scopeOf(src, 'section'), 'keyword.other.section.powerquery');
    assert.equal(scopeOf(src, 'shared'), 'storage.modifier.powerquery');
    assert.equal(scopeOf(src, 'nullable'), 'storage.modifier.nullable.powerquery');
    assert.equal(scopeOf(src, 'text'), 'storage.type.primitive.powerquery');
    assert.equal(scopeOf(src, 'optional'), 'storage.modifier.powerquery');
    assert.equal(scopeOf(src, '=>'), 'storage.type.function.arrow.powerquery');
    assert.equal(scopeOf(src, '<>'), 'keyword.operator.comparison.powerquery');
    assert.equal(scopeOf(src, '??'), 'keyword.operator.coalesce.powerquery');
    assert.equal(scopeOf(src, '..'), 'keyword.operator.range.powerquery');
  });
});
