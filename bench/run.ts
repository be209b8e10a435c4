// `npm run bench`: every benchmark for ours and for @azure/identity, each (benchmark, library) pair in a fresh
// process, side by side in one run. Prints a table, writes bench/results.json and bench/results.svg.
// `--quick` runs each once with tiny counts (what `npm test` does so the scripts cannot rot) and writes
// nothing but the suite result.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PAIRED_SCENARIOS, SCENARIOS, RESULT_PREFIX } from './child';
import { ratioChart } from './chart';
import { goalFor } from './goals';
import type { Stats } from './harness';
import { LIBRARY_LABELS, type LibraryName } from './libraries';
import type { Measure } from './scenarios/types';

interface Row {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly ours?: Stats;
  readonly peer?: Stats;
  readonly goal?: string;
  readonly met?: boolean;
  /** peer median / our median. */
  readonly ratio?: number;
}

async function runChild(scenario: string, lib: LibraryName, quick: boolean): Promise<Measure[]> {
  const args = [path.join(__dirname, 'child.js'), scenario, lib, ...(quick ? ['--quick'] : [])];
  const { stdout } = await promisify(execFile)(process.execPath, args, { encoding: 'utf8', timeout: 20 * 60_000, maxBuffer: 16 << 20 });
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (!line) throw new Error(`${scenario}/${lib} printed no result`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as Measure[];
}

const fmt = (s: Stats | undefined) => {
  if (!s) return '—';
  const n = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  return s.samples > 1 ? `${n(s.median)} (${n(s.min)}–${n(s.max)})` : n(s.median);
};

export function markdownTable(rows: readonly Row[]): string {
  const lines = [
    `| measure | unit | ${LIBRARY_LABELS.peer} | ${LIBRARY_LABELS.ours} | ratio | goal | met |`,
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      `| ${r.title} | ${r.unit} | ${fmt(r.peer)} | ${fmt(r.ours)} | ${r.ratio ? `${r.ratio >= 10 ? r.ratio.toFixed(0) : r.ratio.toFixed(2)}×` : '—'} | ${r.goal ?? '—'} | ${r.met === undefined ? '—' : r.met ? 'yes' : '**no**'} |`,
    ),
  ];
  return lines.join('\n');
}

/** The child's own words (its stderr) and how it ended; execFile's message alone is mostly a stack. */
function describeFailure(error: unknown): string {
  const e = error as { stderr?: string; code?: number | string; signal?: string; killed?: boolean };
  const stderr = e.stderr?.trim();
  const how = e.signal ? `signal ${e.signal}${e.killed ? ' (timed out)' : ''}` : `exit ${e.code ?? '?'}`;
  const words = stderr ? stderr.split('\n').filter((l) => !/^\s+at /.test(l)).slice(-6).join(' | ') : error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `${how}: ${words}`;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const measures: Record<LibraryName, Measure[]> = { ours: [], peer: [] };
  const outcomes: Array<{ name: string; error?: string }> = [];
  for (const scenario of Object.keys(SCENARIOS).filter((s) => !only || only.includes(s))) {
    for (const lib of PAIRED_SCENARIOS.has(scenario) ? (['ours'] as const) : (['peer', 'ours'] as const)) {
      const name = `${scenario} (${lib})`;
      process.stderr.write(`bench: ${name}…\n`);
      try {
        // One retry: the chain benchmark drives the real Azure CLI, which now and then stumbles on its first
        // call after a login; a second failure is reported.
        const result = await runChild(scenario, lib, quick).catch((first: unknown) => {
          process.stderr.write(`bench: ${name} failed once (${describeFailure(first)}); retrying\n`);
          return runChild(scenario, lib, quick);
        });
        for (const measure of result) measures[measure.side ?? lib].push(measure);
        outcomes.push({ name });
      } catch (error) {
        const message = describeFailure(error);
        outcomes.push({ name, error: message });
        process.stderr.write(`bench: ${name} failed: ${message}\n`);
      }
    }
  }

  const ours = new Map(measures.ours.map((m) => [m.id, m]));
  const peer = new Map(measures.peer.map((m) => [m.id, m]));
  const rows: Row[] = [...new Set([...peer.keys(), ...ours.keys()])].map((id) => {
    const o = ours.get(id);
    const p = peer.get(id);
    const goal = goalFor(id);
    // Above 1 always means ours is better: the peer's time or size over ours, or our rate over the peer's.
    const higherIsBetter = (o ?? p)!.higherIsBetter === true;
    const ratio = o && p && o.value.median > 0 && p.value.median > 0 ? (higherIsBetter ? o.value.median / p.value.median : p.value.median / o.value.median) : undefined;
    return {
      id,
      title: (o ?? p)!.title,
      unit: (o ?? p)!.unit,
      ours: o?.value,
      peer: p?.value,
      goal: goal?.text,
      met: goal && o ? goal.met(o.value.median, (other) => ours.get(other)?.value.median, (other) => peer.get(other)?.value.median) : undefined,
      ratio,
    };
  });

  const table = markdownTable(rows);
  process.stdout.write(`\n${table}\n\n`);
  const machine = `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  // Only a complete run replaces the published figures; --only and --quick runs just print their table.
  if (!quick && !only) {
    const results = { date: new Date().toISOString(), machine, rows, failures: outcomes.filter((o) => o.error) };
    writeFileSync(path.resolve(__dirname, '..', '..', 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(path.resolve(__dirname, '..', '..', 'bench', 'results.md'), `Measured ${results.date} on ${machine}.\n\n${table}\n`);
    const chartRows = rows.filter((r) => r.ratio !== undefined && !r.id.startsWith('dac-cli-alone')).map((r) => ({ title: r.title, ratio: r.ratio! }));
    writeFileSync(path.resolve(__dirname, '..', '..', 'bench', 'results.svg'), ratioChart(chartRows, `azure-identity vs ${LIBRARY_LABELS.peer} (${machine})`));
    process.stdout.write('Wrote bench/results.json, bench/results.md and bench/results.svg\n');
  }
  const resultFile = process.env.AZID_SUITE_RESULT;
  if (resultFile) {
    const failed = outcomes.filter((o) => o.error);
    writeFileSync(resultFile, JSON.stringify({ passed: outcomes.length - failed.length, failed: failed.length, skipped: 0, failures: failed.map((f) => `bench ${f.name}: ${f.error}`) }));
  }
  process.exitCode = outcomes.some((o) => o.error) ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
