// Finds processes by a marker in their command line (Linux /proc), so a test can prove that a killed
// tool left nothing behind: not the tool, not a grandchild it started.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of live processes whose command line contains `marker`. */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const state = /\nState:\s+(\w)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (cmdline.includes(marker) && state !== 'Z') found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** Waits (up to `ms`) until no process carries `marker`; returns those still alive. */
export async function waitUntilGone(marker: string, ms = 2_000): Promise<number[]> {
  const deadline = Date.now() + ms;
  let alive = processesWith(marker);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    alive = processesWith(marker);
  }
  return alive;
}

/** A number of seconds unique enough to find a `sleep <n>` started by one test. */
export function uniqueSleepSeconds(): number {
  return 100_000 + Math.floor(Math.random() * 800_000);
}
