import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { isValidIdentifier, shouldClaimMFile, toServerConfig } from '../../src/settings';

describe('toServerConfig', () => {
  it('maps empty settings to the empty server config', () => {
    assert.deepEqual(toServerConfig({}), { config: { rules: {}, knownIdentifiers: [], enableMFiles: false }, problems: [] });
  });

  it('passes rule severities through, normalising code case and severity aliases', () => {
    const { config, problems } = toServerConfig({ rules: { PQC203: 'off', pqc401: 'Warning', PQC701: 'info', PQC704: 'none' } });
    assert.deepEqual(config.rules, { PQC203: 'off', PQC401: 'warning', PQC701: 'information', PQC704: 'off' });
    assert.deepEqual(problems, []);
  });

  it('drops bad rule entries and says why', () => {
    const { config, problems } = toServerConfig({ rules: { PQC20: 'off', 'no-such': 'error', PQC203: 'loud', PQC204: 3 } });
    assert.deepEqual(config.rules, {});
    assert.equal(problems.length, 4);
    assert.match(problems[0], /"PQC20" is not a rule code/);
    assert.match(problems[2], /PQC203 has severity "loud"/);
  });

  it('rejects a rules value that is not an object', () => {
    for (const rules of ['PQC203=off', ['PQC203'], 7]) {
      const { config, problems } = toServerConfig({ rules });
      assert.deepEqual(config.rules, {});
      assert.match(problems[0], /must be an object/);
    }
  });

  it('keeps known identifiers that are M names, trimmed and without duplicates', () => {
    const { config, problems } = toServerConfig({
      knownIdentifiers: ['MyHost.Function', ' Helper ', '#"Odd name"', 'Helper', 'bad name', 42, '1st'],
    });
    assert.deepEqual(config.knownIdentifiers, ['MyHost.Function', 'Helper', '#"Odd name"']);
    assert.equal(problems.length, 3);
  });

  it('rejects knownIdentifiers that is not a list', () => {
    const { config, problems } = toServerConfig({ knownIdentifiers: 'Helper' });
    assert.deepEqual(config.knownIdentifiers, []);
    assert.match(problems[0], /must be a list/);
  });

  it('passes enableMFiles only when it is exactly true', () => {
    assert.equal(toServerConfig({ enableMFiles: true }).config.enableMFiles, true);
    assert.equal(toServerConfig({ enableMFiles: 'true' }).config.enableMFiles, false);
  });

  it('serialises to the object shape the server expects', () => {
    const { config } = toServerConfig({ rules: { PQC203: 'off' }, knownIdentifiers: ['X'] });
    assert.deepEqual(JSON.parse(JSON.stringify(config)), { rules: { PQC203: 'off' }, knownIdentifiers: ['X'], enableMFiles: false });
  });
});

describe('identifiers', () => {
  it('accepts regular, dotted, unicode and quoted names', () => {
    for (const name of ['x', '_y1', 'Table.ToNavigationTable', 'Größe', '#"a ""quoted"" name"']) {
      assert.ok(isValidIdentifier(name), name);
    }
  });
  it('rejects the rest', () => {
    for (const name of ['', '1x', 'a b', 'a.', '.a', '#"unclosed', '#"a"b"']) {
      assert.ok(!isValidIdentifier(name), name);
    }
  });
});

describe('.m files', () => {
  it('are claimed only after opting in', () => {
    assert.equal(shouldClaimMFile('/c/Conn.m', 'matlab', false), false);
    assert.equal(shouldClaimMFile('/c/Conn.m', 'matlab', true), true);
    assert.equal(shouldClaimMFile('/c/Conn.M', 'objective-c', true), true);
  });
  it('leave other files and powerquery documents alone', () => {
    assert.equal(shouldClaimMFile('/c/Conn.m', 'powerquery', true), false);
    assert.equal(shouldClaimMFile('/c/Conn.mm', 'objective-cpp', true), false);
    assert.equal(shouldClaimMFile('/c/Conn.pq', 'powerquery', true), false);
  });
});
