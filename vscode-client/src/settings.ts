// Maps the user's VS Code settings to the configuration object the pqcert
// server pulls with `workspace/configuration` for section "pqcert". No
// `vscode` import: the extension reads the raw values and the unit tests call
// these functions directly.

export const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What the server expects for section "pqcert". */
export interface ServerConfig {
  rules: Record<string, Severity>;
  knownIdentifiers: string[];
  enableMFiles: boolean;
}

/** The settings as VS Code hands them over: anything the user typed. */
export interface RawSettings {
  rules?: unknown;
  knownIdentifiers?: unknown;
  enableMFiles?: unknown;
}

export interface MappedSettings {
  config: ServerConfig;
  /** One sentence per ignored entry, for the output channel. */
  problems: string[];
}

const RULE_CODE = /^PQC\d{3}$/;

// Spellings people type for the severities the settings schema lists.
const SEVERITY_ALIASES: Record<string, Severity> = {
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  information: 'information',
  info: 'information',
  hint: 'hint',
  off: 'off',
  none: 'off',
};

// M identifiers: a regular name (letters, digits, underscores, dotted parts)
// or a quoted #"..." name. Anything else can never match a reference.
const REGULAR_IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*$/u;
const QUOTED_IDENTIFIER = /^#"([^"]|"")*"$/;

export function normalizeRuleCode(code: string): string | undefined {
  const upper = code.trim().toUpperCase();
  return RULE_CODE.test(upper) ? upper : undefined;
}

export function normalizeSeverity(value: unknown): Severity | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  return SEVERITY_ALIASES[value.trim().toLowerCase()];
}

export function isValidIdentifier(name: string): boolean {
  return REGULAR_IDENTIFIER.test(name) || QUOTED_IDENTIFIER.test(name);
}

export function toServerConfig(raw: RawSettings): MappedSettings {
  const problems: string[] = [];
  const rules: Record<string, Severity> = {};

  if (raw.rules !== undefined && raw.rules !== null) {
    if (typeof raw.rules !== 'object' || Array.isArray(raw.rules)) {
      problems.push('pqcert.rules must be an object such as { "PQC203": "off" }; ignored.');
    } else {
      for (const [key, value] of Object.entries(raw.rules as Record<string, unknown>)) {
        const code = normalizeRuleCode(key);
        if (code === undefined) {
          problems.push(`pqcert.rules: "${key}" is not a rule code of the form PQCnnn; ignored.`);
          continue;
        }
        const severity = normalizeSeverity(value);
        if (severity === undefined) {
          problems.push(
            `pqcert.rules: ${code} has severity ${JSON.stringify(value)}; use one of ${SEVERITIES.join(', ')}. Ignored.`,
          );
          continue;
        }
        rules[code] = severity;
      }
    }
  }

  const knownIdentifiers: string[] = [];
  if (raw.knownIdentifiers !== undefined && raw.knownIdentifiers !== null) {
    if (!Array.isArray(raw.knownIdentifiers)) {
      problems.push('pqcert.knownIdentifiers must be a list of names; ignored.');
    } else {
      const seen = new Set<string>();
      for (const entry of raw.knownIdentifiers) {
        if (typeof entry !== 'string') {
          problems.push(`pqcert.knownIdentifiers: ${JSON.stringify(entry)} is not a name; ignored.`);
          continue;
        }
        const name = entry.trim();
        if (!isValidIdentifier(name)) {
          problems.push(`pqcert.knownIdentifiers: "${entry}" is not an M identifier; ignored.`);
          continue;
        }
        if (!seen.has(name)) {
          seen.add(name);
          knownIdentifiers.push(name);
        }
      }
    }
  }

  return {
    config: { rules, knownIdentifiers, enableMFiles: raw.enableMFiles === true },
    problems,
  };
}

/**
 * Whether a document should be switched to the powerquery language: only `.m`
 * files, only when the user opted in, and never one already in that language.
 */
export function shouldClaimMFile(fileName: string, languageId: string, enableMFiles: boolean): boolean {
  return enableMFiles && languageId !== 'powerquery' && fileName.toLowerCase().endsWith('.m');
}
