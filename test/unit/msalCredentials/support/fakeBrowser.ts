// A stand-in for the user's browser in sign-in tests: it fetches the authorize URL from the emulator (whose
// 'auto' mode signs the user in at once and redirects), then follows that redirect to the credential's
// loopback server, as a browser would. It can tamper with the redirect to test the credential's checks.
import * as http from 'node:http';
import * as https from 'node:https';

export interface FakeBrowserVisit {
  authorizeUrl: URL;
  /** Where the emulator redirected (the loopback URL with code and state). */
  redirectedTo?: URL;
  /** The loopback server's answer. */
  page?: { status: number; body: string };
}

export interface FakeBrowser {
  readonly open: (url: string) => Promise<void>;
  readonly visits: FakeBrowserVisit[];
  /** Resolves when every visit so far has finished (the credential may answer before the page loads). */
  settled(): Promise<void>;
}

export interface FakeBrowserOptions {
  /** Rewrites the redirect before following it (to forge a state, for example). */
  rewriteRedirect?: (url: URL) => URL;
  /** Do nothing at all, like a user who never finishes signing in. */
  idle?: boolean;
}

export function fakeBrowser(options: FakeBrowserOptions = {}): FakeBrowser {
  const visits: FakeBrowserVisit[] = [];
  const running: Promise<void>[] = [];
  const visit = async (url: string): Promise<void> => {
    const record: FakeBrowserVisit = { authorizeUrl: new URL(url) };
    visits.push(record);
    if (options.idle) return;
    const answer = await get(url);
    const location = answer.headers.location;
    if (answer.status !== 302 || !location) throw new Error(`the authorize endpoint answered ${answer.status} without a redirect: ${answer.body.slice(0, 200)}`);
    const target = options.rewriteRedirect ? options.rewriteRedirect(new URL(location)) : new URL(location);
    record.redirectedTo = target;
    const page = await get(target.toString());
    record.page = { status: page.status, body: page.body };
  };
  const open = (url: string): Promise<void> => {
    const done = visit(url);
    running.push(done.catch(() => undefined));
    return done;
  };
  return { open, visits, settled: async () => void (await Promise.all(running)) };
}

/** One GET without following redirects, 10 s timeout. */
export function get(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const transport = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.get(url, { timeout: 10_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${new URL(url).origin} within 10 s`)));
    request.on('error', reject);
  });
}
