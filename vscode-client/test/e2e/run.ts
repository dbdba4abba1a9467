// End-to-end test of the packaged extension in a real VS Code: code-server in
// headless Chromium, driven by playwright-core (see shared/docs/VSCODE-E2E.md).
//   1. installs code-server into a cache outside the repo (install-code-server.sh);
//   2. installs the linux-x64 .vsix into a throwaway extensions folder;
//   3. runs suite.ts inside the extension host (smoke-test-driver payload);
//   4. drives the UI on a fresh copy of the fixture: squiggles, Problems panel,
//      Ctrl+. quick fix; a screenshot per step in test-output/e2e/.
// Usage: node out/test/e2e/run.js [--vsix FILE] [--keep]
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { FIXTURE_DIR_NAME, FIXTURE_FILE, locate, positionAt } from './fixture';

const clientDir = path.resolve(__dirname, '../../..');
const outDir = process.env.PQCERT_E2E_OUT ?? path.join(clientDir, 'test-output', 'e2e');
const CHROMIUM = process.env.PQCERT_E2E_CHROMIUM ?? '/usr/bin/chromium';

interface Outcome {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
  notes?: string[];
}
const outcomes: Outcome[] = [];

function log(message: string): void {
  console.log(`e2e: ${message}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function parseArgs(): { vsix: string; keep: boolean } {
  const args = process.argv.slice(2);
  let vsix: string | undefined;
  let keep = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--vsix') {
      vsix = path.resolve(args[++i] ?? '');
    } else if (args[i] === '--keep') {
      keep = true;
    } else {
      throw new Error(`unknown argument ${args[i]}; usage: run.js [--vsix FILE] [--keep]`);
    }
  }
  if (vsix === undefined) {
    const version = JSON.parse(fs.readFileSync(path.join(clientDir, 'package.json'), 'utf8')).version;
    vsix = path.join(clientDir, `pqcert-linux-x64-${version}.vsix`);
  }
  if (!fs.existsSync(vsix)) {
    throw new Error(`${vsix} does not exist; run "npm run package" first`);
  }
  return { vsix, keep };
}

function installCodeServer(): { node: string; entry: string } {
  const script = path.join(clientDir, 'test', 'e2e', 'install-code-server.sh');
  const r = spawnSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) {
    throw new Error(`installing code-server failed (exit ${r.status})`);
  }
  const value = (key: string) => {
    const line = r.stdout.split('\n').find((l) => l.startsWith(`${key}=`));
    if (!line) {
      throw new Error(`install-code-server.sh printed no ${key}`);
    }
    return line.slice(key.length + 1);
  };
  return { node: value('NODE24'), entry: value('CODE_SERVER_ENTRY') };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

class CodeServer {
  private child: ChildProcess | undefined;
  readonly url: string;
  readonly authority: string;

  constructor(
    private readonly node: string,
    private readonly entry: string,
    private readonly run: string,
    port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.authority = `127.0.0.1:${port}`;
    this.url = `http://${this.authority}`;
  }

  installExtension(vsix: string): void {
    const r = spawnSync(
      this.node,
      [this.entry, '--user-data-dir', path.join(this.run, 'udd'), '--extensions-dir', path.join(this.run, 'exts'), '--install-extension', vsix],
      { env: this.env, encoding: 'utf8' },
    );
    fs.writeFileSync(path.join(outDir, 'install-extension.log'), `${r.stdout}\n${r.stderr}`);
    if (r.status !== 0) {
      throw new Error(`code-server --install-extension failed (exit ${r.status}): ${r.stderr}`);
    }
  }

  async start(): Promise<void> {
    fs.writeFileSync(path.join(this.run, 'config.yaml'), `bind-addr: ${this.authority}\nauth: none\ncert: false\n`);
    const logFile = fs.openSync(path.join(outDir, 'code-server.log'), 'w');
    // detached: a new session and process group (setsid), so stopping kills
    // the extension host and the pqcert server too, not only code-server.
    this.child = spawn(
      this.node,
      [
        this.entry,
        '--config', path.join(this.run, 'config.yaml'),
        '--bind-addr', this.authority,
        '--auth', 'none',
        '--user-data-dir', path.join(this.run, 'udd'),
        '--extensions-dir', path.join(this.run, 'exts'),
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        '--vscode-option', 'enable-smoke-test-driver',
      ],
      { env: this.env, detached: true, stdio: ['ignore', logFile, logFile] },
    );
    fs.closeSync(logFile);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(`code-server exited with ${this.child.exitCode}; see ${path.join(outDir, 'code-server.log')}`);
      }
      try {
        const res = await fetch(`${this.url}/healthz`);
        if (res.ok) {
          return;
        }
      } catch {
        // Not listening yet.
      }
      await sleep(250);
    }
    throw new Error('code-server did not answer /healthz within 60 s');
  }

  /** `pqcert serve` processes inside this code-server's process group. */
  serverPids(): number[] {
    const group = this.child?.pid;
    if (group === undefined) {
      return [];
    }
    const pids: number[] = [];
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) {
        continue;
      }
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
        const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
        if (pgrp === group && argv.includes('serve') && argv.some((a) => path.basename(a).startsWith('pqcert'))) {
          pids.push(Number(entry));
        }
      } catch {
        // Gone while we looked.
      }
    }
    return pids;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child?.pid === undefined) {
      return;
    }
    this.child = undefined;
    const group = -child.pid;
    const alive = () => {
      try {
        process.kill(group, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 40 && alive(); i++) {
      await sleep(250);
    }
    if (alive()) {
      process.kill(group, 'SIGKILL');
    }
  }
}

async function step(name: string, body: (notes: string[]) => Promise<void>): Promise<boolean> {
  const started = Date.now();
  const notes: string[] = [];
  log(`-- ${name}`);
  try {
    await body(notes);
    outcomes.push({ name, ok: true, ms: Date.now() - started, notes });
    for (const n of notes) {
      log(`   ${n}`);
    }
    return true;
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    outcomes.push({ name, ok: false, ms: Date.now() - started, error, notes });
    log(`   FAILED: ${error}`);
    return false;
  }
}

async function screenshot(page: Page, name: string): Promise<void> {
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  log(`   screenshot ${path.relative(clientDir, file)}`);
}

async function openWorkbench(context: BrowserContext, url: string, consoleLog: string): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  page.on('console', (m) => fs.appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => fs.appendFileSync(consoleLog, `[pageerror] ${e.message}\n`));
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return page;
}

/** Phase 1: the extension-host suite, reported through codeAutomationExit and a JSON file. */
async function runExtensionHostSuite(context: BrowserContext, server: CodeServer, workspace: string, extensionDir: string): Promise<void> {
  const suite = path.join(clientDir, 'out', 'test', 'e2e', 'suite.js');
  const remote = (p: string) => `vscode-remote://${server.authority}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDir)],
    ['extensionTestsPath', remote(suite)],
  ];
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const resultsFile = path.join(outDir, 'extension-host-results.json');
  fs.rmSync(resultsFile, { force: true });

  let exitCode: number | undefined;
  const page = await context.newPage();
  await page.exposeFunction('codeAutomationExit', (code: number) => {
    exitCode = code;
  });
  page.on('console', (m) => fs.appendFileSync(path.join(outDir, 'browser-console-extension-host.log'), `[${m.type()}] ${m.text()}\n`));
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(url);

  const deadline = Date.now() + 240_000;
  let finished = false;
  while (Date.now() < deadline && exitCode === undefined) {
    try {
      finished = JSON.parse(fs.readFileSync(resultsFile, 'utf8')).finished === true;
    } catch {
      // Not written yet, or being written.
    }
    if (finished) {
      // Give the exit code a moment to arrive after the last write.
      for (let i = 0; i < 20 && exitCode === undefined; i++) {
        await sleep(250);
      }
      break;
    }
    await sleep(250);
  }
  await screenshot(page, '00-extension-host-suite').catch(() => undefined);
  await page.close().catch(() => undefined);

  let results: Outcome[] = [];
  try {
    results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')).results;
  } catch {
    // Reported below.
  }
  for (const r of results) {
    outcomes.push({ ...r, name: `extension host: ${r.name}` });
    log(`${r.ok ? 'ok  ' : 'FAIL'} extension host: ${r.name} (${r.ms} ms)`);
    for (const n of r.notes ?? []) {
      log(`       ${n}`);
    }
    if (!r.ok) {
      log(`       ${r.error}`);
    }
  }
  const ran = results.length > 0;
  outcomes.push({
    name: 'extension host: suite finished and reported its exit code',
    ok: ran && (finished || exitCode !== undefined) && (exitCode === undefined || exitCode === 0) === results.every((r) => r.ok),
    ms: 0,
    error: ran ? `exit code ${exitCode}, finished ${finished}` : 'the suite wrote no results; see code-server.log and the extension host logs',
  });
  log(`extension host suite: exit code ${exitCode ?? 'none'}, ${results.length} tests`);
}

/** Monaco draws spaces as U+00A0. */
function plain(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

/** Phase 2: what a person sees. */
async function runUiPass(context: BrowserContext, server: CodeServer, workspace: string): Promise<void> {
  const fixtureText = fs.readFileSync(path.join(workspace, FIXTURE_FILE), 'utf8');
  const at = locate(fixtureText);
  const consoleLog = path.join(outDir, 'browser-console-ui.log');
  let page: Page | undefined;
  const problemsRows = () => page!.locator('.markers-panel .monaco-list-row');

  const ok = await step('UI: opening the connector draws pqcert squiggles', async (notes) => {
    page = await openWorkbench(context, `${server.url}/?folder=${encodeURIComponent(workspace)}`, consoleLog);
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: FIXTURE_FILE });
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 10_000 });
    const status = page.locator('[id="status.problems"]');
    // Wait until the status bar counts all three findings' severities.
    const label = await waitForText(async () => (await status.getAttribute('aria-label')) ?? '', (l) => /Errors?: [1-9]/i.test(l) && /Warnings?: [1-9]/i.test(l), 15_000);
    notes.push(`status bar problems: ${label}`);
    const pqcertItem = page.locator('[id="pqcert.pqcert.pqcert.status"], [id="pqcert.status"]').first();
    const pqcertLabel = plain((await pqcertItem.textContent().catch(() => null)) ?? '');
    notes.push(`pqcert status item: ${pqcertLabel.trim() || '(not found)'}`);
    // Codicons render as glyphs: the text reads "<errors> <warnings> pqcert".
    const counts = /(\d+)\D+(\d+)\s*pqcert/.exec(pqcertLabel);
    if (!counts || Number(counts[1]) === 0) {
      throw new Error(`the pqcert status bar item does not show the error count: "${pqcertLabel}"`);
    }
    await screenshot(page, '01-editor-squiggles');
  });
  if (!ok || page === undefined) {
    if (page) {
      await screenshot(page, '01-editor-squiggles-failed').catch(() => undefined);
    }
    return;
  }

  const goTo = async (offset: number) => {
    const p = page!;
    const pos = positionAt(fixtureText, offset);
    await p.locator('.monaco-editor .view-lines').first().click();
    await p.keyboard.press('Control+G');
    const quickInput = p.locator('.quick-input-widget input');
    await quickInput.waitFor({ timeout: 10_000 });
    // Go to Line's quick input starts with ':'; without it, it searches files.
    await quickInput.fill(`:${pos.line + 1}:${pos.character + 2}`);
    await p.keyboard.press('Enter');
    await sleep(300);
  };

  await step('UI: the hover on a squiggle shows the pqcert finding', async (notes) => {
    const p = page!;
    await goTo(at.undefinedIdentifier.start);
    const hover = p.locator('.monaco-hover', { hasText: 'PQC701' });
    for (let attempt = 0; attempt < 3 && !(await hover.isVisible()); attempt++) {
      // Show Hover: Ctrl+K Ctrl+I.
      await p.keyboard.press('Control+K');
      await p.keyboard.press('Control+I');
      await hover.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    await hover.waitFor({ timeout: 1_000 });
    notes.push(`hover: ${plain((await hover.textContent()) ?? '').trim().slice(0, 160)}`);
    await screenshot(p, '01b-hover');
    await p.keyboard.press('Escape');
  }).then(async (passed) => {
    if (!passed) {
      await screenshot(page!, '01b-hover-failed').catch(() => undefined);
    }
  });

  await step('UI: the Problems panel lists the pqcert findings', async (notes) => {
    await page!.locator('.monaco-editor .view-lines').first().click();
    await page!.keyboard.press('Control+Shift+M');
    await problemsRows().first().waitFor({ timeout: 15_000 });
    const texts = await waitForText(
      async () => plain((await problemsRows().allTextContents()).join('\n')),
      (t) => ['PQC302', 'PQC402', 'PQC701'].every((c) => t.includes(c)),
      15_000,
    );
    notes.push(`rows: ${texts.split('\n').length}`);
    if (!/pqcert/.test(texts)) {
      throw new Error(`the Problems rows do not name pqcert as the source:\n${texts}`);
    }
    await screenshot(page!, '02-problems-panel');
  }).then(async (passed) => {
    if (!passed) {
      await screenshot(page!, '02-problems-panel-failed').catch(() => undefined);
    }
  });

  await step('UI: Ctrl+. offers the Beta fix and applying it clears PQC302', async (notes) => {
    const p = page!;
    // Put the cursor on the PQC302 finding with Go to Line/Column.
    await goTo(at.publishName.start);

    const menuRows = p.locator('.action-widget .monaco-list-row');
    for (let attempt = 0; attempt < 3; attempt++) {
      await p.keyboard.press('Control+.');
      try {
        await menuRows.first().waitFor({ timeout: 5_000 });
        break;
      } catch {
        // The first Ctrl+. right after load is sometimes swallowed.
        await p.keyboard.press('Escape');
      }
    }
    await menuRows.first().waitFor({ timeout: 5_000 });
    const titles = (await menuRows.allTextContents()).map(plain);
    notes.push(`menu: ${titles.join(' | ')}`);
    await screenshot(p, '03-quick-fix-menu');
    const betaRow = menuRows.filter({ hasText: /beta/i }).first();
    if ((await betaRow.count()) === 0) {
      throw new Error(`no Beta fix in the quick-fix menu: ${titles.join(' | ')}`);
    }
    await betaRow.click();
    await waitForText(
      async () => plain((await problemsRows().allTextContents()).join('\n')),
      (t) => !t.includes('PQC302') && t.includes('PQC701'),
      15_000,
    );
    const editorText = plain((await p.locator('.monaco-editor .view-lines').first().textContent()) ?? '');
    if (!/Beta\s*=\s*true/.test(editorText)) {
      throw new Error('the editor does not show Beta = true after the fix');
    }
    await screenshot(p, '04-after-quick-fix');
  }).then(async (passed) => {
    if (!passed) {
      await screenshot(page!, '03-quick-fix-failed').catch(() => undefined);
    }
  });
  await step('UI: a server that keeps crashing is given up on with an Open Log notification', async (notes) => {
    const p = page!;
    const killed: number[] = [];
    // The policy allows 5 restarts in 3 minutes; the 6th crash gives up.
    for (let crash = 1; crash <= 6; crash++) {
      const pids = await waitForValue(`server process before crash ${crash}`, 15_000, () => {
        const now = server.serverPids().filter((x) => !killed.includes(x));
        return now.length > 0 ? now : undefined;
      });
      // Let it finish initializing, as a server that crashes later would.
      await sleep(1_000);
      for (const pid of pids) {
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      }
    }
    notes.push(`killed server pids ${killed.join(', ')}`);
    // Shown as a toast, or only in the notification centre (the bell) when
    // the workbench holds toasts back; look in both.
    const message = /crashed 6 times/;
    let toast = p.locator('.notification-toast', { hasText: message });
    try {
      await toast.waitFor({ timeout: 8_000 });
    } catch {
      notes.push('no toast; opening the notification centre');
      await p.locator('[id="status.notifications"]').click();
      toast = p.locator('.notifications-center .monaco-list-row', { hasText: message });
      await toast.waitFor({ timeout: 8_000 });
    }
    notes.push(`notification: ${plain((await toast.textContent()) ?? '').trim()}`);
    await sleep(2_000);
    const restarted = server.serverPids().filter((x) => !killed.includes(x));
    if (restarted.length > 0) {
      throw new Error(`the server was restarted after giving up: ${restarted.join(', ')}`);
    }
    await screenshot(p, '05-crash-notification');
    await toast.getByRole('button', { name: 'Open Log' }).click();
    await p.locator('.output-view, .panel .output').first().waitFor({ timeout: 10_000 });
    await waitForText(
      async () => plain((await p.locator('.panel .view-lines').last().textContent()) ?? ''),
      (t) => /restarting it|crashed/.test(t),
      10_000,
    );
    await screenshot(p, '06-crash-log');
  }).then(async (passed) => {
    if (!passed) {
      await screenshot(page!, '05-crash-failed').catch(() => undefined);
    }
  });

  await page.close().catch(() => undefined);
}

async function waitForValue<T>(what: string, timeoutMs: number, get: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = get();
    if (v !== undefined) {
      return v;
    }
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

async function waitForText(read: () => Promise<string>, good: (text: string) => boolean, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await read();
    if (good(last)) {
      return last;
    }
    await sleep(200);
  }
  throw new Error(`timed out after ${timeoutMs} ms; last seen:\n${last}`);
}

async function main(): Promise<number> {
  const { vsix, keep } = parseArgs();
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const started = Date.now();

  const { node, entry } = installCodeServer();
  log(`code-server ${entry} on ${node}`);

  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'pqcert-e2e-'));
  const home = path.join(run, 'home');
  for (const d of ['home', 'xdg-config', 'xdg-data', 'xdg-cache', 'xdg-state', 'udd/User', 'exts', 'chromium', 'tmp']) {
    fs.mkdirSync(path.join(run, d), { recursive: true });
  }
  // Nothing may land in the real home; the suite writes its results to outDir.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(run, 'xdg-config'),
    XDG_DATA_HOME: path.join(run, 'xdg-data'),
    XDG_CACHE_HOME: path.join(run, 'xdg-cache'),
    XDG_STATE_HOME: path.join(run, 'xdg-state'),
    TMPDIR: path.join(run, 'tmp'),
    PATH: `${path.dirname(node)}:${process.env.PATH ?? ''}`,
    PQCERT_E2E_OUT: outDir,
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  fs.writeFileSync(
    path.join(run, 'udd', 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'security.workspace.trust.enabled': false,
        'chat.disableAIFeatures': true,
        'update.mode': 'none',
        'editor.minimap.enabled': false,
        'files.autoSave': 'off',
      },
      null,
      2,
    ),
  );

  const hostWorkspace = path.join(run, 'ws-extension-host');
  const uiWorkspace = path.join(run, 'ws-ui');
  const fixture = path.join(clientDir, 'test', 'fixtures', FIXTURE_DIR_NAME);
  copyDir(fixture, hostWorkspace);
  copyDir(fixture, uiWorkspace);

  const server = new CodeServer(node, entry, run, await freePort(), env);
  let context: BrowserContext | undefined;
  try {
    await step('install the packaged extension into code-server', async (notes) => {
      server.installExtension(vsix);
      notes.push(path.basename(vsix));
    });
    const installed = fs.readdirSync(path.join(run, 'exts')).find((d) => d.startsWith('pqcert.pqcert-'));
    if (installed === undefined) {
      throw new Error('the .vsix did not install into the extensions folder');
    }
    const extensionDir = path.join(run, 'exts', installed);
    const binary = path.join(extensionDir, 'server-bin', 'linux-x64', 'pqcert');
    await step('the installed server binary is executable', async () => {
      fs.accessSync(binary, fs.constants.X_OK);
    });

    await server.start();
    log(`code-server up at ${server.url} after ${Date.now() - started} ms`);
    context = await chromium.launchPersistentContext(path.join(run, 'chromium'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
      env,
    });

    await runExtensionHostSuite(context, server, hostWorkspace, extensionDir);
    await runUiPass(context, server, uiWorkspace);
  } catch (err) {
    outcomes.push({ name: 'harness', ok: false, ms: 0, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    log(`harness failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await context?.close().catch(() => undefined);
    await server.stop();
    // Keep VS Code's own logs (extension host, pqcert output channel) with the screenshots.
    const logs = path.join(run, 'udd', 'logs');
    if (fs.existsSync(logs)) {
      fs.cpSync(logs, path.join(outDir, 'vscode-logs'), { recursive: true });
    }
    if (keep) {
      log(`kept ${run}`);
    } else {
      fs.rmSync(run, { recursive: true, force: true });
    }
  }

  fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(outcomes, null, 2));
  const passed = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - passed;
  for (const o of outcomes.filter((x) => !x.ok)) {
    log(`FAILED ${o.name}: ${o.error ?? ''}`);
  }
  log(`finished in ${Math.round((Date.now() - started) / 1000)} s; artefacts in ${outDir}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`e2e: ${err instanceof Error ? err.message : String(err)}`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  },
);
