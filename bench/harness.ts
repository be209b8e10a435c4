// Timing and statistics shared by every benchmark. Figures are medians with min and max over batches; nothing
// here asserts a time: the table states the goal and whether this run met it.
import { performance } from 'node:perf_hooks';

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: number;
}

export function stats(values: readonly number[]): Stats {
  if (values.length === 0) throw new Error('no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], samples: sorted.length };
}

/** Milliseconds taken by `fn`. */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Microseconds per call of `fn`, over `batches` batches of `perBatch` sequential calls. */
export async function microsecondsPerCall(fn: () => Promise<unknown>, perBatch: number, batches: number): Promise<Stats> {
  const perCall: number[] = [];
  for (let b = 0; b < batches; b++) {
    const started = performance.now();
    for (let i = 0; i < perBatch; i++) await fn();
    perCall.push(((performance.now() - started) * 1000) / perBatch);
  }
  return stats(perCall);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
