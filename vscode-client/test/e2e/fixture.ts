// Where the fixture connector breaks its rules, found by searching its text so
// the fixture can be edited without touching the tests. Shared by the
// extension-host suite and the UI pass; no `vscode` import.

export const FIXTURE_DIR_NAME = 'connector';
export const FIXTURE_FILE = 'Fixture.pq';
export const RESX_FILE = 'resources.resx';

export interface Span {
  start: number;
  end: number;
}

export interface FixtureLocations {
  /** The whole `Fixture.Publish = [...];` member (PQC302 belongs somewhere inside). */
  publishRecord: Span;
  /** The member name `Fixture.Publish` of that definition. */
  publishName: Span;
  /** The call `Extension.LoadString("MissingKey")` (PQC402). */
  missingKeyCall: Span;
  /** The literal `"MissingKey"` in that call. */
  missingKeyLiteral: Span;
  /** The undefined identifier `ScaleFactor` (PQC701). */
  undefinedIdentifier: Span;
  /** Start of the line `navigation = #table(`, where the latency test inserts a binding. */
  navigationLine: number;
}

function find(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  if (at < 0) {
    throw new Error(`fixture text has no ${JSON.stringify(needle)}`);
  }
  return at;
}

export function locate(text: string): FixtureLocations {
  const publishStart = find(text, 'Fixture.Publish = [');
  const publishEnd = find(text, '];', publishStart) + 2;
  const call = 'Extension.LoadString("MissingKey")';
  const callStart = find(text, call);
  const literalStart = callStart + 'Extension.LoadString('.length;
  const undefinedStart = find(text, 'ScaleFactor');
  const navigation = find(text, 'navigation = #table(');
  return {
    publishRecord: { start: publishStart, end: publishEnd },
    publishName: { start: publishStart, end: publishStart + 'Fixture.Publish'.length },
    missingKeyCall: { start: callStart, end: callStart + call.length },
    missingKeyLiteral: { start: literalStart, end: literalStart + '"MissingKey"'.length },
    undefinedIdentifier: { start: undefinedStart, end: undefinedStart + 'ScaleFactor'.length },
    navigationLine: text.lastIndexOf('\n', navigation) + 1,
  };
}

/** Zero-based line and UTF-16 column of an offset (JavaScript strings are UTF-16). */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}
