// The report's webview: shows the HTML renderReport.ts builds and carries out its buttons (copy the masked
// text, run again, and each fix's action). Thin on purpose: what it shows is built and tested elsewhere.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ChainReport, FixAction } from './chainReport';
import { renderReportHtml, renderReportText } from './renderReport';

export const REPORT_VIEW_TYPE = 'azureIdentity.chainReport';

export class ReportPanel implements vscode.Disposable {
  private static current: ReportPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  /** Shows `report` in the one report panel, opening it when needed. */
  static show(report: ChainReport, rerun: () => Promise<ChainReport | undefined>): ReportPanel {
    if (ReportPanel.current) {
      ReportPanel.current.update(report);
      ReportPanel.current.panel.reveal(undefined, false);
      return ReportPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, vscode.l10n.t('Diagnose Sign-In'), vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [],
      retainContextWhenHidden: false,
    });
    ReportPanel.current = new ReportPanel(panel, report, rerun);
    return ReportPanel.current;
  }

  /** The panel on screen, if any (tests read what it shows). */
  static get visible(): ReportPanel | undefined {
    return ReportPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private report: ChainReport,
    private readonly rerun: () => Promise<ChainReport | undefined>,
  ) {
    this.update(report);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message)),
    );
  }

  get shownReport(): ChainReport {
    return this.report;
  }

  get html(): string {
    return this.panel.webview.html;
  }

  update(report: ChainReport): void {
    this.report = report;
    this.panel.webview.html = renderReportHtml(report, { cspSource: this.panel.webview.cspSource, nonce: randomBytes(16).toString('base64') });
  }

  /** "Copy report": the text with secrets, account names, ids and the home folder masked. */
  async copy(): Promise<string> {
    const text = renderReportText(this.report, { mask: true });
    try {
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(vscode.l10n.t('The report is on the clipboard, with account names and ids masked.'));
    } catch {
      // A browser may refuse the clipboard (no permission): the same text in an editor can be copied by hand.
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
      await vscode.window.showTextDocument(document, { preview: true });
    }
    return text;
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!message || typeof message !== 'object') return;
    const { type, entry } = message as { type?: unknown; entry?: unknown };
    if (type === 'copy') await this.copy();
    else if (type === 'rerun') {
      const report = await this.rerun();
      if (report) this.update(report);
    } else if (type === 'action' && typeof entry === 'number') {
      const action = this.report.entries[entry]?.fix?.action;
      if (action) await runFixAction(action);
    }
  }

  dispose(): void {
    if (ReportPanel.current === this) ReportPanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** Carries out a fix's action: sign in, open settings, run a command in a new terminal, open a page. */
export async function runFixAction(action: FixAction): Promise<void> {
  switch (action.kind) {
    case 'signIn':
      await vscode.commands.executeCommand('azureIdentity.signIn');
      return;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', action.query);
      return;
    case 'runInTerminal': {
      const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('Azure Identity: fix') });
      terminal.show();
      terminal.sendText(action.command);
      return;
    }
    case 'openUrl':
      await vscode.env.openExternal(vscode.Uri.parse(action.url));
      return;
  }
}
