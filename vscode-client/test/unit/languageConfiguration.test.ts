// The language configuration's regular expressions, run as VS Code runs them
// (JavaScript RegExp), on the names M code is made of.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const config = JSON.parse(fs.readFileSync(path.join(root, 'language-configuration.json'), 'utf8'));

/** The word VS Code would pick at `column` (0-based) of `line`. */
function wordAt(line: string, column: number): string | undefined {
  const re = new RegExp(config.wordPattern, 'g');
  for (const m of line.matchAll(re)) {
    if (m.index! <= column && column <= m.index! + m[0].length) {
      return m[0];
    }
  }
  return undefined;
}

describe('language configuration', () => {
  it('treats dotted names as one word', () => {
    const line = 'x = Table.AddColumn(t, "n", each 1)';
    assert.equal(wordAt(line, line.indexOf('AddColumn') + 2), 'Table.AddColumn');
    assert.equal(wordAt('Fixture.Contents = 1', 0), 'Fixture.Contents');
  });

  it('treats #"quoted names" with doubled quotes as one word', () => {
    const line = 'r = #"Added ""Total"" Column"[x]';
    assert.equal(wordAt(line, line.indexOf('Total')), '#"Added ""Total"" Column"');
  });

  it('keeps # keywords and hex numbers whole', () => {
    assert.equal(wordAt('t = #table({}, {})', 5), '#table');
    assert.equal(wordAt('n = 0x1F', 6), '0x1F');
  });

  it('declares M comments and brackets', () => {
    assert.equal(config.comments.lineComment, '//');
    assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
    assert.deepEqual(config.brackets, [['[', ']'], ['{', '}'], ['(', ')']]);
  });

  it('indents after let and opening brackets, outdents at in and closers', () => {
    const inc = new RegExp(config.indentationRules.increaseIndentPattern);
    const dec = new RegExp(config.indentationRules.decreaseIndentPattern);
    for (const line of ['    let', 'x = [', 'f = (a) =>', 'r = {  // list']) {
      assert.ok(inc.test(line), line);
    }
    for (const line of ['x = 1,', '// let', 'let x = 1 in x']) {
      assert.ok(!inc.test(line), line);
    }
    for (const line of ['    in', '  ]', '}']) {
      assert.ok(dec.test(line), line);
    }
    assert.ok(!dec.test('    input = 1'));
  });
});
