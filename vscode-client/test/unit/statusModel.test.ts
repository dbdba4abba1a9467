import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { countPqcertDiagnostics, statusView } from '../../src/statusModel';

describe('status bar', () => {
  it('counts only pqcert errors and warnings across files', () => {
    const counts = countPqcertDiagnostics([
      [
        { severity: 0, source: 'pqcert' },
        { severity: 1, source: 'pqcert' },
        { severity: 2, source: 'pqcert' },
        { severity: 3, source: 'pqcert' },
      ],
      [
        { severity: 0, source: 'pqcert' },
        { severity: 0, source: 'powerquery' },
        { severity: 1 },
      ],
    ]);
    assert.deepEqual(counts, { errors: 2, warnings: 1 });
  });

  it('shows counts when running and the state otherwise', () => {
    const running = statusView('running', { errors: 1, warnings: 2 });
    assert.equal(running.text, '$(error) 1 $(warning) 2 pqcert');
    assert.match(running.tooltip, /1 error, 2 warnings/);
    assert.equal(running.alarm, false);
    assert.equal(statusView('failed', { errors: 0, warnings: 0 }).alarm, true);
    assert.match(statusView('stopped', { errors: 0, warnings: 0 }).tooltip, /Restart Server/);
  });
});
