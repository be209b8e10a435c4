// What Diagnose Sign-In runs, loaded on its first use (see diagnoseCommand.ts): the probes, the report, the panel.
import { buildChainReport, type ChainReport } from './chainReport';
import { REPORT_SCOPE, type DiagnoseDependencies } from './diagnoseCommand';
import { createDefaultProbes } from './probes';

export { ReportPanel } from './reportPanel';

export async function runReport(dependencies: DiagnoseDependencies): Promise<ChainReport> {
  const probes = createDefaultProbes({ accounts: dependencies.accounts, createAzureDeveloperCliCredential: dependencies.createAzureDeveloperCliCredential });
  const report = await buildChainReport(probes, { scope: REPORT_SCOPE });
  dependencies.logger.info(`[Diagnose Sign-In] ${report.verdict} (${Math.round(report.durationMs)} ms)`);
  for (const entry of report.entries) {
    dependencies.logger.info(`[Diagnose Sign-In] ${entry.credential}: ${entry.outcome} in ${Math.round(entry.durationMs)} ms: ${entry.reason}`);
  }
  dependencies.telemetry?.report(report);
  return report;
}
