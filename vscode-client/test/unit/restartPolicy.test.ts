import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { continueAfterConnectionError, decideOnCrash, gaveUpMessage, RestartPolicy } from '../../src/restartPolicy';

const policy: RestartPolicy = { maxRestarts: 5, windowMs: 180_000 };

describe('decideOnCrash', () => {
  it('restarts five times in three minutes, then gives up', () => {
    let history: number[] = [];
    for (let i = 0; i < 5; i++) {
      const d = decideOnCrash(history, 1000 + i * 10_000, policy);
      assert.equal(d.restart, true, `crash ${i + 1}`);
      assert.equal(d.crashesInWindow, i + 1);
      history = d.history;
    }
    const sixth = decideOnCrash(history, 60_000, policy);
    assert.equal(sixth.restart, false);
    assert.equal(sixth.crashesInWindow, 6);
    assert.equal(gaveUpMessage(sixth, policy), 'The pqcert server crashed 6 times in the last 3 minutes and will not be restarted. The log may say why.');
  });

  it('forgets restarts older than the window', () => {
    const history = [0, 10_000, 20_000, 30_000, 40_000];
    assert.equal(decideOnCrash(history, 179_999, policy).restart, false);
    const later = decideOnCrash(history, 180_000, policy);
    assert.equal(later.restart, true);
    assert.deepEqual(later.history, [10_000, 20_000, 30_000, 40_000, 180_000]);
  });

  it('restarts again once the window has passed after giving up', () => {
    const history = [0, 1, 2, 3, 4];
    assert.equal(decideOnCrash(history, 5, policy).restart, false);
    assert.equal(decideOnCrash(history, 500_000, policy).restart, true);
    assert.deepEqual(decideOnCrash(history, 500_000, policy).history, [500_000]);
  });

  it('never restarts with a zero budget', () => {
    assert.equal(decideOnCrash([], 0, { maxRestarts: 0, windowMs: 1000 }).restart, false);
  });

  it('ignores clock entries from the future', () => {
    assert.equal(decideOnCrash([9e9, 9e9, 9e9, 9e9, 9e9], 1000, policy).restart, true);
  });
});

describe('connection errors', () => {
  it('continues for three errors in a row, then shuts down', () => {
    assert.equal(continueAfterConnectionError(undefined), true);
    assert.equal(continueAfterConnectionError(3), true);
    assert.equal(continueAfterConnectionError(4), false);
  });
});
