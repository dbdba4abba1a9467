// The status bar item: pqcert's error and warning counts for the open
// connector(s); a click opens the readiness report.
import * as vscode from 'vscode';
import { countPqcertDiagnostics, ServerState, statusView } from './statusModel';

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private state: ServerState = 'starting';

  constructor(clickCommand: string) {
    this.item = vscode.window.createStatusBarItem('pqcert.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'pqcert';
    this.item.command = clickCommand;
    this.subscriptions.push(vscode.languages.onDidChangeDiagnostics(() => this.render()));
    this.render();
    this.item.show();
  }

  setState(state: ServerState): void {
    this.state = state;
    this.render();
  }

  private render(): void {
    const counts = countPqcertDiagnostics(vscode.languages.getDiagnostics().map(([, diagnostics]) => diagnostics));
    const view = statusView(this.state, counts);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.alarm ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    for (const s of this.subscriptions) {
      s.dispose();
    }
    this.item.dispose();
  }
}
