// When the server dies, restart it, but not forever: a server that crashes
// on every start would otherwise spin. Pure so the unit tests can drive time.

export interface RestartPolicy {
  /** Restarts allowed inside one window. */
  maxRestarts: number;
  /** Length of the sliding window in milliseconds. */
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { maxRestarts: 5, windowMs: 3 * 60 * 1000 };

export interface CrashDecision {
  restart: boolean;
  /** Restart times still inside the window, including this one when restarting. */
  history: number[];
  /** Crashes inside the window, counting this one. */
  crashesInWindow: number;
}

/**
 * Decides what to do about a crash at `now`, given when earlier restarts
 * happened. Restarts older than the window are forgotten.
 */
export function decideOnCrash(history: readonly number[], now: number, policy: RestartPolicy = DEFAULT_RESTART_POLICY): CrashDecision {
  const recent = history.filter((t) => now - t < policy.windowMs && t <= now);
  const crashesInWindow = recent.length + 1;
  if (recent.length < policy.maxRestarts) {
    return { restart: true, history: [...recent, now], crashesInWindow };
  }
  return { restart: false, history: recent, crashesInWindow };
}

/** Message for the notification shown when we give up. */
export function gaveUpMessage(decision: CrashDecision, policy: RestartPolicy = DEFAULT_RESTART_POLICY): string {
  const minutes = Math.round(policy.windowMs / 60000);
  const span = minutes === 1 ? 'minute' : `${minutes} minutes`;
  return `The pqcert server crashed ${decision.crashesInWindow} times in the last ${span} and will not be restarted. The log may say why.`;
}

/** Read/write errors on the connection: tolerate a few in a row, then shut down. */
export const MAX_CONSECUTIVE_CONNECTION_ERRORS = 3;

export function continueAfterConnectionError(count: number | undefined): boolean {
  return (count ?? 1) <= MAX_CONSECUTIVE_CONNECTION_ERRORS;
}
