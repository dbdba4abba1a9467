// What the status bar item says, from the diagnostics pqcert published.
// Severity numbers are vscode.DiagnosticSeverity's (Error 0, Warning 1,
// Information 2, Hint 3); kept numeric so this file needs no `vscode`.

export const PQCERT_SOURCE = 'pqcert';

export interface DiagnosticLike {
  severity: number;
  source?: string;
}

export interface Counts {
  errors: number;
  warnings: number;
}

export type ServerState = 'starting' | 'running' | 'stopped' | 'failed';

export function countPqcertDiagnostics(perFile: Iterable<readonly DiagnosticLike[]>): Counts {
  const counts: Counts = { errors: 0, warnings: 0 };
  for (const diagnostics of perFile) {
    for (const d of diagnostics) {
      if (d.source !== PQCERT_SOURCE) {
        continue;
      }
      if (d.severity === 0) {
        counts.errors++;
      } else if (d.severity === 1) {
        counts.warnings++;
      }
    }
  }
  return counts;
}

export interface StatusView {
  text: string;
  tooltip: string;
  /** Whether to paint the item with the warning background. */
  alarm: boolean;
}

export function statusView(state: ServerState, counts: Counts): StatusView {
  switch (state) {
    case 'starting':
      return { text: '$(sync~spin) pqcert', tooltip: 'pqcert server is starting', alarm: false };
    case 'stopped':
      return { text: '$(circle-slash) pqcert', tooltip: 'pqcert server is stopped. Run "pqcert: Restart Server".', alarm: true };
    case 'failed':
      return { text: '$(alert) pqcert', tooltip: 'pqcert server failed. Run "pqcert: Show Output" for the log.', alarm: true };
    case 'running': {
      const e = plural(counts.errors, 'error');
      const w = plural(counts.warnings, 'warning');
      return {
        text: `$(error) ${counts.errors} $(warning) ${counts.warnings} pqcert`,
        tooltip: `pqcert: ${e}, ${w} in the connector. Click for the certification readiness report.`,
        alarm: false,
      };
    }
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
