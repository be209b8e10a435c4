// The request log: what clients really sent, for tests to assert on. It holds secrets (client secrets,
// passwords, assertions, tokens) exactly as sent, so it is test-only data that must never be printed.
import type { RequestFilter, RequestLogEntry } from './types';

/** Enough for a long `npm start` session or a 1,000-caller benchmark, while bounding memory. */
const MAX_ENTRIES = 20_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private nextSeq = 1;

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const logged: RequestLogEntry = { ...entry, seq: this.nextSeq++ };
    this.entries.push(logged);
    if (this.entries.length > MAX_ENTRIES) {
      this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    }
    return logged;
  }

  /** Matching entries, oldest first. Sequence numbers keep growing across clear(). */
  list(filter: RequestFilter = {}): RequestLogEntry[] {
    return this.entries.filter((entry) =>
      (filter.endpoint === undefined || entry.endpoint === filter.endpoint) &&
      (filter.clientId === undefined || entry.clientId?.toLowerCase() === filter.clientId.toLowerCase()) &&
      (filter.tenant === undefined || entry.tenant?.toLowerCase() === filter.tenant.toLowerCase()) &&
      (filter.method === undefined || entry.method === filter.method.toUpperCase()) &&
      (filter.afterSeq === undefined || entry.seq > filter.afterSeq) &&
      (filter.grantType === undefined || entry.form?.grant_type === filter.grantType));
  }

  clear(): void {
    this.entries = [];
  }
}
