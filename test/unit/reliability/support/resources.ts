// "Nothing left behind", checked rather than assumed: the sockets, TLS wraps, timers and child-process handles
// this process holds (process.getActiveResourcesInfo()) before a call and after it settles.

/** Resources by kind, taken after a turn of the event loop so that mocha's own test timer (set once the test
 * function has returned its promise) is counted on both sides. */
export async function resourceSnapshot(): Promise<Map<string, number>> {
  await new Promise((resolve) => setImmediate(resolve));
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** The kinds that grew since `before` ("Timeout 1 → 2"), after giving closing sockets up to a second to finish. */
export async function grownSince(before: Map<string, number>): Promise<string[]> {
  let grown: string[] = [];
  for (let i = 0; i < 40; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const after = await resourceSnapshot();
    grown = [...after].filter(([kind, n]) => n > (before.get(kind) ?? 0)).map(([kind, n]) => `${kind} ${before.get(kind) ?? 0} → ${n}`);
    if (grown.length === 0) return [];
  }
  return grown;
}
