// The goals of issue #5, per measure id. A goal is a bound on our median, sometimes relative to another of
// our own measures (the chain's first token against the Azure CLI alone).
export interface Goal {
  readonly text: string;
  /** True when our figures meet it; `ours` and `peer` look up a median of this run by id. */
  met(median: number, ours: (id: string) => number | undefined, peer: (id: string) => number | undefined): boolean;
}

const atMost = (bound: number, unit: string): Goal => ({ text: `≤ ${bound} ${unit}`, met: (m) => m <= bound });
const exactly = (count: number): Goal => ({ text: `${count}`, met: (m) => m === count });
const floorPlus = (floorId: string, slackMs: number): Goal => ({
  text: `≤ CLI alone + ${slackMs} ms`,
  met: (m, ours) => {
    const floor = ours(floorId);
    return floor !== undefined && m <= floor + slackMs;
  },
});

/** A bound relative to the peer's median of the same measure in the same run. */
const peerRatio = (id: string, text: string, met: (ours: number, peer: number) => boolean): Goal => ({
  text,
  met: (m, _ours, peer) => {
    const p = peer(id);
    return p !== undefined && met(m, p);
  },
});

export function goalFor(id: string): Goal | undefined {
  if (id.startsWith('cached:')) return atMost(2, 'µs/op');
  if (id === 'concurrent-requests:one scope') return exactly(1);
  if (id === 'concurrent-requests:ten scopes') return exactly(10);
  if (id === 'concurrent-wall:one scope') return atMost(150, 'ms');
  if (id.startsWith('dac-first:')) return floorPlus(id.replace('dac-first:', 'dac-cli-alone:'), 20);
  if (id.startsWith('dac-second:')) return atMost(2, 'µs');
  if (id === 'require-ms') return atMost(40, 'ms');
  if (id === 'require-rss') return atMost(8, 'MiB');
  if (id === 'bundle-kb') return atMost(250, 'KB');
  // The same bound on what activation really loads: the main bundle and the chunks it loaded by then.
  if (id === 'activation-kb') return atMost(250, 'KB');
  if (id === 'activation-ms') return atMost(40, 'ms');
  if (id === 'refresh') return atMost(2, 'µs');
  if (id === 'endpoint-rps') return peerRatio(id, '≥ 0.8× bare server', (ours, bare) => ours >= 0.8 * bare);
  if (id === 'endpoint-p99') return peerRatio(id, '≤ 1.5× bare server', (ours, bare) => ours <= 1.5 * bare);
  return undefined;
}
