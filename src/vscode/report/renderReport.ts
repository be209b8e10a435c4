// The report as text (what "Copy report" puts on the clipboard, masked) and as the webview's HTML. Plain
// TypeScript: the webview panel only shows the HTML and carries out the buttons' actions.
import { MEMBER_TITLES, type ChainReport, type ProbeOutcome, type ReportEntry } from './chainReport';
import { t } from './localize';
import { maskText } from './mask';

const OUTCOME_WORDS: Record<ProbeOutcome, string> = {
  get success() { return t('works'); },
  get unavailable() { return t('not available'); },
  get error() { return t('fails'); },
  get skipped() { return t('skipped'); },
};

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The report as Markdown text; `mask` hides account names, ids and the home folder (for copying). */
export function renderReportText(report: ChainReport, options: { mask: boolean }): string {
  const names = report.entries.map((e) => e.identity).filter((n): n is string => Boolean(n));
  const show = (text: string): string => (options.mask ? maskText(text, { names }) : text);
  const lines: string[] = [
    `# ${t('Azure Identity: Diagnose Sign-In')}`,
    '',
    t('Run {0} for {1}; every credential probed at the same time, {2} in all.', new Date(report.startedAt).toISOString(), report.scope, duration(report.durationMs)),
    '',
    `**${show(report.verdict)}**`,
    '',
  ];
  report.entries.forEach((entry, index) => {
    const outcome = entry.identity ? t('{0} as {1}', OUTCOME_WORDS[entry.outcome], show(entry.identity)) : OUTCOME_WORDS[entry.outcome];
    lines.push(`${index + 1}. ${entry.credential} (${MEMBER_TITLES[entry.member]}): ${outcome}, ${duration(entry.durationMs)}`);
    lines.push(`   ${show(entry.reason)}`);
    if (entry.fix && entry.outcome !== 'success') lines.push(`   ${t('Fix: {0}', show(entry.fix.text))}`);
  });
  return `${lines.join('\n')}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface HtmlOptions {
  /** The webview's CSP source (webview.cspSource). */
  readonly cspSource: string;
  /** A fresh nonce for the one inline script. */
  readonly nonce: string;
}

const ICONS: Record<ProbeOutcome, string> = { success: '✔', unavailable: '–', error: '✖', skipped: '↷' };

function entryRow(entry: ReportEntry, index: number): string {
  const fix = entry.fix && entry.outcome !== 'success' ? `<div class="fix"><strong>${escapeHtml(t('Fix:'))}</strong> ${escapeHtml(entry.fix.text)}</div>` : '';
  const button = entry.fix?.action && entry.outcome !== 'success'
    ? `<button class="action" data-entry="${index}">${escapeHtml(entry.fix.actionLabel ?? t('Fix'))}</button>`
    : '';
  const who = entry.identity ? `<div class="who">${escapeHtml(entry.identity)}</div>` : '';
  return `<tr class="${entry.outcome}">
  <td class="icon" aria-label="${OUTCOME_WORDS[entry.outcome]}">${ICONS[entry.outcome]}</td>
  <td><div class="credential">${escapeHtml(entry.credential)}</div><div class="title">${escapeHtml(MEMBER_TITLES[entry.member])}</div></td>
  <td class="outcome">${OUTCOME_WORDS[entry.outcome]}</td>
  <td class="time">${duration(entry.durationMs)}</td>
  <td><div class="reason">${escapeHtml(entry.reason)}</div>${who}${fix}</td>
  <td>${button}</td>
</tr>`;
}

export function renderReportHtml(report: ChainReport, options: HtmlOptions): string {
  const verdictClass = report.winner ? 'ok' : 'bad';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${options.cspSource} 'unsafe-inline'; script-src 'nonce-${options.nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(t('Diagnose Sign-In'))}</title>
<style>
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 12px 20px; }
  h1 { font-size: 1.4em; font-weight: 600; margin: 0 0 4px; }
  .meta { color: var(--vscode-descriptionForeground); margin-bottom: 12px; }
  .verdict { padding: 8px 12px; border-left: 4px solid; margin: 8px 0 16px; background: var(--vscode-textBlockQuote-background); }
  .verdict.ok { border-color: var(--vscode-testing-iconPassed, #73c991); }
  .verdict.bad { border-color: var(--vscode-testing-iconFailed, #f14c4c); }
  table { border-collapse: collapse; width: 100%; }
  th { text-align: left; font-weight: 600; border-bottom: 1px solid var(--vscode-panel-border); padding: 6px 8px; }
  td { vertical-align: top; padding: 8px; border-bottom: 1px solid var(--vscode-panel-border); }
  .icon { font-size: 1.1em; width: 1.5em; text-align: center; }
  tr.success .icon, tr.success .outcome { color: var(--vscode-testing-iconPassed, #73c991); }
  tr.error .icon, tr.error .outcome { color: var(--vscode-testing-iconFailed, #f14c4c); }
  tr.unavailable .icon, tr.skipped .icon, tr.unavailable .outcome, tr.skipped .outcome { color: var(--vscode-descriptionForeground); }
  .credential { font-weight: 600; }
  .title, .who { color: var(--vscode-descriptionForeground); }
  .time { white-space: nowrap; text-align: right; }
  .fix { margin-top: 4px; }
  button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 10px; cursor: pointer; white-space: nowrap; }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
  .toolbar { margin-bottom: 12px; display: flex; gap: 8px; }
</style>
</head>
<body>
<h1>${escapeHtml(t('Diagnose Sign-In'))}</h1>
<div class="meta">${escapeHtml(t("The credential chain a program on this machine runs (DefaultAzureCredential's order), every credential probed at the same time for {0}: {1}.", report.scope, duration(report.durationMs)))}</div>
<div class="toolbar"><button id="copy">${escapeHtml(t('Copy report'))}</button><button id="rerun" class="secondary">${escapeHtml(t('Run again'))}</button></div>
<div class="verdict ${verdictClass}">${escapeHtml(report.verdict)}</div>
<table>
<thead><tr><th></th><th>${escapeHtml(t('Credential'))}</th><th>${escapeHtml(t('Result'))}</th><th>${escapeHtml(t('Time'))}</th><th>${escapeHtml(t('Reason and fix'))}</th><th></th></tr></thead>
<tbody>
${report.entries.map(entryRow).join('\n')}
</tbody>
</table>
<script nonce="${options.nonce}">
  const vscode = acquireVsCodeApi();
  document.getElementById('copy').addEventListener('click', () => vscode.postMessage({ type: 'copy' }));
  document.getElementById('rerun').addEventListener('click', () => vscode.postMessage({ type: 'rerun' }));
  for (const button of document.querySelectorAll('button.action')) {
    button.addEventListener('click', () => vscode.postMessage({ type: 'action', entry: Number(button.dataset.entry) }));
  }
</script>
</body>
</html>`;
}
