// Entry point of the pqcert VS Code extension: starts `pqcert serve` over
// stdio for the powerquery language and wires settings, commands, the status
// bar and the crash/restart policy around it.
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  CloseAction,
  ConfigurationParams,
  DidChangeConfigurationNotification,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { continueAfterConnectionError, decideOnCrash, DEFAULT_RESTART_POLICY, gaveUpMessage } from './restartPolicy';
import { resolveServerPath } from './serverPath';
import { ServerConfig, shouldClaimMFile, toServerConfig } from './settings';
import { StatusBar } from './status';

const LANGUAGE_ID = 'powerquery';
const CONFIG_SECTION = 'pqcert';
const REPORT_SCHEME = 'pqcert-report';

/** Command ids we contribute. The server's own ids (`pqcert.report`,
 * `pqcert.checkWorkspace`) are registered by the language client, so ours differ. */
export const Commands = {
  checkWorkspace: 'pqcert.client.checkWorkspace',
  showReport: 'pqcert.client.showReport',
  restartServer: 'pqcert.client.restartServer',
  showOutput: 'pqcert.client.showOutput',
} as const;

const ServerCommands = {
  report: 'pqcert.report',
  checkWorkspace: 'pqcert.checkWorkspace',
} as const;

let controller: Controller | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  controller = new Controller(context);
  await controller.start();
}

export async function deactivate(): Promise<void> {
  await controller?.dispose();
  controller = undefined;
}

class Controller {
  private readonly output: vscode.LogOutputChannel;
  private readonly status: StatusBar;
  private readonly reports = new ReportDocuments();
  private client: LanguageClient | undefined;
  private crashHistory: number[] = [];
  private gaveUp = false;
  /** Whether the current client's server ever finished initializing. */
  private reachedRunning = false;
  private lastConfigProblems = '';
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('pqcert', { log: true });
    this.status = new StatusBar(Commands.showReport);
    this.disposables.push(
      this.output,
      this.status,
      vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this.reports),
      vscode.commands.registerCommand(Commands.checkWorkspace, () => this.checkWorkspace()),
      vscode.commands.registerCommand(Commands.showReport, (uri?: vscode.Uri) => this.showReport(uri)),
      vscode.commands.registerCommand(Commands.restartServer, () => this.restart()),
      vscode.commands.registerCommand(Commands.showOutput, () => this.output.show(true)),
      vscode.workspace.onDidChangeConfiguration((e) => this.onConfigurationChanged(e)),
      vscode.workspace.onDidOpenTextDocument((doc) => this.claimMFile(doc)),
    );
    context.subscriptions.push({ dispose: () => void this.dispose() });
  }

  async start(): Promise<void> {
    for (const doc of vscode.workspace.textDocuments) {
      await this.claimMFile(doc);
    }
    await this.startClient();
  }

  private async startClient(): Promise<void> {
    this.status.setState('starting');
    const settings = vscode.workspace.getConfiguration(CONFIG_SECTION);
    const resolved = resolveServerPath({
      platform: process.platform,
      arch: process.arch,
      extensionPath: this.context.extensionPath,
      configuredPath: settings.get<string>('server.path'),
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      homeDir: os.homedir(),
      exists: (p) => {
        try {
          return fs.statSync(p).isFile();
        } catch {
          return false;
        }
      },
    });
    if (!resolved.ok) {
      this.status.setState('failed');
      this.output.error(resolved.message);
      void vscode.window.showErrorMessage(resolved.message, 'Open Settings', 'Show Output').then((choice) => {
        if (choice === 'Open Settings') {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'pqcert.server.path');
        } else if (choice === 'Show Output') {
          this.output.show(true);
        }
      });
      return;
    }
    this.output.info(`Starting ${resolved.path} serve (${resolved.source === 'setting' ? 'from pqcert.server.path' : 'shipped with the extension'})`);

    const serverOptions: ServerOptions = {
      command: resolved.path,
      args: ['serve'],
      options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: LANGUAGE_ID },
        { scheme: 'untitled', language: LANGUAGE_ID },
      ],
      diagnosticCollectionName: 'pqcert',
      outputChannel: this.output,
      synchronize: {
        // Files the server reads from disk besides open documents.
        fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.pq,*.pqm,*.m,resources.resx,*.png,*.mez,.pqcert.json}'),
      },
      errorHandler: {
        error: (_error, _message, count) => ({
          action: continueAfterConnectionError(count) ? ErrorAction.Continue : ErrorAction.Shutdown,
        }),
        closed: () => this.onServerClosed(),
      },
      middleware: {
        workspace: {
          configuration: (params, token, next) => this.answerConfiguration(params, token, next),
        },
      },
    };

    const client = new LanguageClient('pqcert', 'pqcert', serverOptions, clientOptions);
    this.client = client;
    this.reachedRunning = false;
    client.onDidChangeState((e) => {
      if (this.client !== client) {
        return;
      }
      if (e.newState === State.Running) {
        this.reachedRunning = true;
        this.status.setState('running');
      } else if (e.newState === State.Starting) {
        this.status.setState('starting');
      } else {
        // After giving up on a crashing server, keep saying it failed.
        this.status.setState(this.gaveUp ? 'failed' : 'stopped');
      }
    });
    try {
      await client.start();
    } catch (err) {
      this.status.setState('failed');
      this.output.error(`pqcert server failed to start: ${errorText(err)}`);
      void this.offerLog(`The pqcert server failed to start: ${errorText(err)}`);
    }
  }

  private onServerClosed(): { action: CloseAction; handled: boolean; message?: string } {
    if (!this.reachedRunning) {
      // It died before answering initialize: startClient reports that once;
      // restarting a binary that cannot start would only repeat it.
      return { action: CloseAction.DoNotRestart, handled: true, message: 'pqcert server exited during startup.' };
    }
    const decision = decideOnCrash(this.crashHistory, Date.now());
    this.crashHistory = decision.history;
    if (decision.restart) {
      // The client logs this message; nothing is shown to the user yet.
      return {
        action: CloseAction.Restart,
        handled: true,
        message: `pqcert server stopped unexpectedly; restarting it (crash ${decision.crashesInWindow} of at most ${DEFAULT_RESTART_POLICY.maxRestarts + 1}).`,
      };
    }
    const message = gaveUpMessage(decision);
    this.gaveUp = true;
    this.status.setState('failed');
    void this.offerLog(message);
    return { action: CloseAction.DoNotRestart, handled: true, message };
  }

  private async offerLog(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, 'Open Log', 'Restart Server');
    if (choice === 'Open Log') {
      this.output.show(true);
    } else if (choice === 'Restart Server') {
      await this.restart();
    }
  }

  /** Answers `workspace/configuration`: section "pqcert" gets the mapped object. */
  private async answerConfiguration(
    params: ConfigurationParams,
    token: vscode.CancellationToken,
    next: (params: ConfigurationParams, token: vscode.CancellationToken) => unknown,
  ): Promise<unknown[]> {
    const ours = params.items.map((item) => item.section === CONFIG_SECTION || item.section?.startsWith(`${CONFIG_SECTION}.`) === true);
    let others: unknown[] = [];
    if (ours.some((o) => !o)) {
      const answer = await next(params, token);
      others = Array.isArray(answer) ? answer : [];
    }
    return params.items.map((item, i) => {
      if (!ours[i]) {
        return others[i] ?? null;
      }
      const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
      const config = this.serverConfig(scope);
      if (item.section === CONFIG_SECTION) {
        return config;
      }
      const key = item.section!.slice(CONFIG_SECTION.length + 1) as keyof ServerConfig;
      return config[key] ?? null;
    });
  }

  private serverConfig(scope?: vscode.Uri): ServerConfig {
    const settings = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
    const mapped = toServerConfig({
      rules: settings.get('rules'),
      knownIdentifiers: settings.get('knownIdentifiers'),
      enableMFiles: settings.get('enableMFiles'),
    });
    // The server may pull often; say each distinct set of problems once.
    const problems = mapped.problems.join('\n');
    if (problems !== '' && problems !== this.lastConfigProblems) {
      for (const p of mapped.problems) {
        this.output.warn(p);
      }
    }
    this.lastConfigProblems = problems;
    return mapped.config;
  }

  private async onConfigurationChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
    if (!e.affectsConfiguration(CONFIG_SECTION)) {
      return;
    }
    if (e.affectsConfiguration('pqcert.server.path')) {
      this.output.info('pqcert.server.path changed; restarting the server.');
      await this.restart();
      return;
    }
    if (e.affectsConfiguration('pqcert.enableMFiles')) {
      for (const doc of vscode.workspace.textDocuments) {
        await this.claimMFile(doc);
      }
    }
    const client = this.client;
    if (client?.isRunning()) {
      // Pull-model servers re-request `workspace/configuration` on this; the
      // payload carries the same mapped object for servers that read it.
      await client.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { [CONFIG_SECTION]: this.serverConfig() },
      });
    }
  }

  private async claimMFile(doc: vscode.TextDocument): Promise<void> {
    const enabled = vscode.workspace.getConfiguration(CONFIG_SECTION, doc.uri).get<boolean>('enableMFiles') === true;
    if (doc.uri.scheme === 'file' && shouldClaimMFile(doc.fileName, doc.languageId, enabled)) {
      await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
    }
  }

  private async runningClient(): Promise<LanguageClient> {
    if (this.client === undefined || (this.client.state !== State.Running && this.client.state !== State.Starting)) {
      await this.restart();
    }
    const client = this.client;
    if (client?.state === State.Starting) {
      // start() while starting hands back the pending start.
      await client.start().catch(() => undefined);
    }
    if (client === undefined || !client.isRunning()) {
      throw new Error('The pqcert server is not running. Run "pqcert: Show Output" to see why.');
    }
    return client;
  }

  async checkWorkspace(): Promise<unknown> {
    try {
      const client = await this.runningClient();
      const result = await client.sendRequest(ExecuteCommandRequest.type, { command: ServerCommands.checkWorkspace, arguments: [] });
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      return result;
    } catch (err) {
      void vscode.window.showErrorMessage(`pqcert: Check Workspace failed: ${errorText(err)}`);
      return undefined;
    }
  }

  /** Asks the server for the readiness report, shows it as a Markdown preview and returns the Markdown. */
  async showReport(uri?: vscode.Uri): Promise<string | undefined> {
    try {
      const target = uri instanceof vscode.Uri ? uri : await pickConnectorFile();
      if (target === undefined) {
        void vscode.window.showInformationMessage('pqcert: open a folder with a connector (.pq) to get its readiness report.');
        return undefined;
      }
      const client = await this.runningClient();
      const markdown = await client.sendRequest(ExecuteCommandRequest.type, {
        command: ServerCommands.report,
        arguments: [target.toString()],
      });
      if (typeof markdown !== 'string') {
        throw new Error(`the server answered ${JSON.stringify(markdown)} instead of Markdown`);
      }
      const reportUri = this.reports.set(target, markdown);
      try {
        await vscode.commands.executeCommand('markdown.showPreview', reportUri);
      } catch {
        // Without the built-in Markdown extension, show the source instead.
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(reportUri), { preview: true });
      }
      return markdown;
    } catch (err) {
      void vscode.window.showErrorMessage(`pqcert: the readiness report failed: ${errorText(err)}`);
      return undefined;
    }
  }

  async restart(): Promise<void> {
    this.crashHistory = [];
    this.gaveUp = false;
    const old = this.client;
    this.client = undefined;
    if (old !== undefined) {
      try {
        await old.dispose(5000);
      } catch (err) {
        this.output.warn(`Stopping the old server: ${errorText(err)}`);
      }
    }
    await this.startClient();
  }

  async dispose(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
    if (client !== undefined) {
      try {
        await client.dispose(2000);
      } catch {
        // The server is going away with the extension host anyway.
      }
    }
  }
}

/** Read-only documents holding the latest readiness report per connector. */
class ReportDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(connectorFile: vscode.Uri, markdown: string): vscode.Uri {
    const name = connectorFile.path.split('/').pop()?.replace(/\.[^.]*$/, '') || 'connector';
    const uri = vscode.Uri.from({
      scheme: REPORT_SCHEME,
      path: `/${name} readiness report.md`,
      query: connectorFile.toString(),
    });
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }
}

/** The active Power Query file, else the workspace's one connector, else the user's pick. */
async function pickConnectorFile(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active !== undefined && active.languageId === LANGUAGE_ID && active.uri.scheme === 'file') {
    return active.uri;
  }
  const found = await vscode.workspace.findFiles('**/*.pq', '**/node_modules/**', 50);
  if (found.length <= 1) {
    return found[0];
  }
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: 'Which connector?' },
  );
  return picked?.uri;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
