import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { binaryName, bundledBinaryPath, expandConfiguredPath, resolveServerPath, ResolveInput } from '../../src/serverPath';

function input(overrides: Partial<ResolveInput>, files: string[]): ResolveInput {
  const present = new Set(files);
  return {
    platform: 'linux',
    arch: 'x64',
    extensionPath: '/ext/pqcert',
    homeDir: '/home/ann',
    exists: (p) => present.has(p),
    ...overrides,
  };
}

describe('bundled binary per platform', () => {
  it('uses server-bin/linux-x64/pqcert on Linux x64', () => {
    const r = resolveServerPath(input({}, ['/ext/pqcert/server-bin/linux-x64/pqcert']));
    assert.deepEqual(r, { ok: true, path: '/ext/pqcert/server-bin/linux-x64/pqcert', source: 'bundled' });
  });

  it('uses server-bin\\win32-x64\\pqcert.exe on Windows x64', () => {
    const ext = 'C:\\Users\\ann\\.vscode\\extensions\\pqcert.pqcert-0.1.0-win32-x64';
    const exe = `${ext}\\server-bin\\win32-x64\\pqcert.exe`;
    const r = resolveServerPath(input({ platform: 'win32', extensionPath: ext, homeDir: 'C:\\Users\\ann' }, [exe]));
    assert.deepEqual(r, { ok: true, path: exe, source: 'bundled' });
  });

  it('names the binary with .exe only on Windows', () => {
    assert.equal(binaryName('win32'), 'pqcert.exe');
    assert.equal(binaryName('linux'), 'pqcert');
    assert.equal(binaryName('darwin'), 'pqcert');
  });

  it('explains a missing binary of a supported target', () => {
    const r = resolveServerPath(input({}, []));
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /missing from this installation.*linux-x64.*pqcert\.server\.path/s);
  });

  it('says which targets are shipped on an unsupported platform', () => {
    const r = resolveServerPath(input({ platform: 'darwin', arch: 'arm64' }, []));
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /linux-x64 and win32-x64 only, not for darwin-arm64/);
  });

  it('still uses a binary someone placed for an unsupported target', () => {
    const p = bundledBinaryPath('/ext/pqcert', 'darwin', 'arm64');
    assert.equal(p, '/ext/pqcert/server-bin/darwin-arm64/pqcert');
    assert.deepEqual(resolveServerPath(input({ platform: 'darwin', arch: 'arm64' }, [p])), { ok: true, path: p, source: 'bundled' });
  });
});

describe('pqcert.server.path override', () => {
  it('wins over the bundled binary', () => {
    const r = resolveServerPath(
      input({ configuredPath: '/opt/pqcert/bin/pqcert' }, ['/opt/pqcert/bin/pqcert', '/ext/pqcert/server-bin/linux-x64/pqcert']),
    );
    assert.deepEqual(r, { ok: true, path: '/opt/pqcert/bin/pqcert', source: 'setting' });
  });

  it('treats blank as unset', () => {
    const r = resolveServerPath(input({ configuredPath: '   ' }, ['/ext/pqcert/server-bin/linux-x64/pqcert']));
    assert.equal(r.ok && r.source, 'bundled');
  });

  it('expands ~ and resolves relative paths against the workspace folder', () => {
    assert.deepEqual(expandConfiguredPath('~/go/bin/pqcert', 'linux', '/home/ann', undefined), { ok: true, path: '/home/ann/go/bin/pqcert' });
    assert.deepEqual(expandConfiguredPath('./bin/pqcert', 'linux', '/home/ann', '/work/conn'), { ok: true, path: '/work/conn/bin/pqcert' });
    assert.deepEqual(expandConfiguredPath('~\\go\\bin\\pqcert.exe', 'win32', 'C:\\Users\\ann', undefined), {
      ok: true,
      path: 'C:\\Users\\ann\\go\\bin\\pqcert.exe',
    });
  });

  it('refuses a relative path with no folder open', () => {
    const r = resolveServerPath(input({ configuredPath: 'bin/pqcert' }, []));
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /relative/);
  });

  it('does not fall back to the bundled binary when the setting is wrong', () => {
    const r = resolveServerPath(input({ configuredPath: '/nope/pqcert' }, ['/ext/pqcert/server-bin/linux-x64/pqcert']));
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /"\/nope\/pqcert", which does not exist/);
  });

  it('adds .exe on Windows when the user left it off', () => {
    const r = resolveServerPath(input({ platform: 'win32', configuredPath: 'D:\\tools\\pqcert', homeDir: 'C:\\Users\\ann' }, ['D:\\tools\\pqcert.exe']));
    assert.deepEqual(r, { ok: true, path: 'D:\\tools\\pqcert.exe', source: 'setting' });
  });
});
