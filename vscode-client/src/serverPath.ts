// Finds the pqcert server binary: the user's `pqcert.server.path` setting wins,
// otherwise the binary shipped in the platform-specific package. Pure apart from
// the injected `exists`, so the unit tests can play any platform.
import * as path from 'node:path';

/** Platform targets we ship a binary for, named as `vsce --target` names them. */
export const SUPPORTED_TARGETS = ['linux-x64', 'win32-x64'] as const;
export type SupportedTarget = (typeof SUPPORTED_TARGETS)[number];

/** The folder inside the extension that holds one binary per target. */
export const SERVER_BIN_DIR = 'server-bin';

export interface ResolveInput {
  /** `process.platform` of the extension host. */
  platform: string;
  /** `process.arch` of the extension host. */
  arch: string;
  /** Absolute folder the extension is installed in. */
  extensionPath: string;
  /** Raw value of `pqcert.server.path`; empty or undefined means "use the shipped binary". */
  configuredPath?: string;
  /** First workspace folder, for relative `pqcert.server.path` values. */
  workspaceFolder?: string;
  /** Home folder, for `~` in `pqcert.server.path`. */
  homeDir: string;
  /** Whether a regular file exists at an absolute path. */
  exists: (absolutePath: string) => boolean;
}

export type ResolveResult =
  | { ok: true; path: string; source: 'setting' | 'bundled' }
  | { ok: false; message: string };

/** `vsce --target` name for a platform/arch pair. */
export function targetName(platform: string, arch: string): string {
  return `${platform}-${arch}`;
}

export function isSupportedTarget(target: string): target is SupportedTarget {
  return (SUPPORTED_TARGETS as readonly string[]).includes(target);
}

export function binaryName(platform: string): string {
  return platform === 'win32' ? 'pqcert.exe' : 'pqcert';
}

function pathApi(platform: string): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** Where the shipped binary lives inside the extension for a target. */
export function bundledBinaryPath(extensionPath: string, platform: string, arch: string): string {
  const p = pathApi(platform);
  return p.join(extensionPath, SERVER_BIN_DIR, targetName(platform, arch), binaryName(platform));
}

/**
 * Turns a `pqcert.server.path` value into an absolute path: `~` is the home
 * folder, relative paths hang off the first workspace folder.
 */
export function expandConfiguredPath(
  raw: string,
  platform: string,
  homeDir: string,
  workspaceFolder: string | undefined,
): { ok: true; path: string } | { ok: false; message: string } {
  const p = pathApi(platform);
  let value = raw.trim();
  if (value === '~') {
    value = homeDir;
  } else if (value.startsWith('~/') || (platform === 'win32' && value.startsWith('~\\'))) {
    value = p.join(homeDir, value.slice(2));
  }
  if (p.isAbsolute(value)) {
    return { ok: true, path: p.normalize(value) };
  }
  if (workspaceFolder === undefined) {
    return {
      ok: false,
      message: `pqcert.server.path "${raw}" is relative, but no folder is open to resolve it against; use an absolute path.`,
    };
  }
  return { ok: true, path: p.resolve(workspaceFolder, value) };
}

export function resolveServerPath(input: ResolveInput): ResolveResult {
  const configured = input.configuredPath?.trim() ?? '';
  if (configured !== '') {
    const expanded = expandConfiguredPath(configured, input.platform, input.homeDir, input.workspaceFolder);
    if (!expanded.ok) {
      return expanded;
    }
    if (input.exists(expanded.path)) {
      return { ok: true, path: expanded.path, source: 'setting' };
    }
    // On Windows people often leave off the extension.
    if (input.platform === 'win32' && !expanded.path.toLowerCase().endsWith('.exe') && input.exists(`${expanded.path}.exe`)) {
      return { ok: true, path: `${expanded.path}.exe`, source: 'setting' };
    }
    return {
      ok: false,
      message: `pqcert.server.path points to "${expanded.path}", which does not exist. Fix the setting or clear it to use the server shipped with the extension.`,
    };
  }

  const target = targetName(input.platform, input.arch);
  const bundled = bundledBinaryPath(input.extensionPath, input.platform, input.arch);
  if (input.exists(bundled)) {
    return { ok: true, path: bundled, source: 'bundled' };
  }
  if (!isSupportedTarget(target)) {
    return {
      ok: false,
      message: `pqcert ships a server for ${SUPPORTED_TARGETS.join(' and ')} only, not for ${target}. Build one with "go build ./server/cmd/pqcert" and set pqcert.server.path to it.`,
    };
  }
  return {
    ok: false,
    message: `The pqcert server binary is missing from this installation (expected ${bundled}). Install the ${target} package of the extension, or set pqcert.server.path.`,
  };
}
