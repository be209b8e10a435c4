// "Azure Identity: Diagnose Sign-In": runs the chain report, logs its summary to the output channel, counts
// it in telemetry and shows it. Returns the report, so other commands and the tests can read it. The report's
// code (probes, rendering, the panel) loads in a chunk of its own on the first run: it is not part of activation.
import * as vscode from 'vscode';
import type { TokenCredential } from '../../identity/index';
import type { AccountServiceContract } from '../accounts/accountServiceContract';
import type { LogChannel } from '../log/channel';
import type { ExtensionTelemetry } from '../telemetry/telemetryEvents';
import type { ChainReport } from './chainReport';
import { setLocalize } from './localize';

/** The command's id (probes.ts names it as the consumer of the VS Code account's token). */
const REPORT_COMMAND = 'azureIdentity.diagnoseSignIn';

/** The scope a program asks for most: Azure Resource Manager, which every Azure identity can get. */
export const REPORT_SCOPE = 'https://management.azure.com/.default';

export interface DiagnoseDependencies {
  readonly accounts: Pick<AccountServiceContract, 'getDefaultAccount' | 'getToken'>;
  readonly logger: LogChannel;
  readonly telemetry?: Pick<ExtensionTelemetry, 'report'>;
  readonly createAzureDeveloperCliCredential?: () => TokenCredential;
}

export interface DiagnoseOptions {
  /** false: build and return the report without opening the panel. */
  readonly show?: boolean;
  /** true: also do what "Copy report" does (the masked text to the clipboard). */
  readonly copy?: boolean;
}

export function registerDiagnoseCommand(dependencies: DiagnoseDependencies): vscode.Disposable {
  // The report's and the sign-in probes' plain modules speak VS Code's display language from here on.
  setLocalize((message, ...args) => vscode.l10n.t(message, ...args));
  const run = async (options: DiagnoseOptions = {}): Promise<ChainReport | undefined> => {
    const { ReportPanel, runReport } = await import('./diagnoseRun.js');
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Diagnosing sign-in…') },
      () => runReport(dependencies),
    );
    if (options.show !== false) {
      const panel = ReportPanel.show(report, () => runReport(dependencies));
      if (options.copy) await panel.copy();
    }
    return report;
  };
  return vscode.commands.registerCommand(REPORT_COMMAND, (options?: DiagnoseOptions) => run(options));
}
