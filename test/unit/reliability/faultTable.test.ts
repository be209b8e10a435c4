// One table: every network fault the emulator can inject × every credential family that talks to a server.
// Each cell ends one way only: a retried fault (429 with Retry-After, one 500) gives a token after the retry;
// a lasting fault gives a typed error that names the server (the authority host or the managed-identity
// endpoint) and the HTTP status when there was one, quotes no secret, arrives within the credential's timeout,
// and leaves no socket, timer or pending request behind (process.getActiveResourcesInfo()).
// The TLS fault is a real HTTPS server on loopback whose certificate no trusted CA signed. The CLI-backed
// family (az, azd stand-ins) gets the faults a command line shows: HTML, malformed JSON, a hang.
import * as assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { createHook } from 'node:async_hooks';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { AzureCliCredential } from '../../../src/identity/credentials/azureCliCredential';
import { AzureDeveloperCliCredential } from '../../../src/identity/credentials/azureDeveloperCliCredential';
import { CertificateCredential } from '../../../src/identity/credentials/certificateCredential';
import { ClientSecretCredential } from '../../../src/identity/credentials/clientSecretCredential';
import { ManagedIdentityCredential } from '../../../src/identity/credentials/managedIdentityCredential';
import { UsernamePasswordCredential } from '../../../src/identity/credentials/usernamePasswordCredential';
import { WorkloadIdentityCredential } from '../../../src/identity/credentials/workloadIdentityCredential';
import { AbortError, AuthenticationRequiredError, ClientAuthenticationError, CredentialUnavailableError } from '../../../src/identity/errors';
import { forgetImdsProbes } from '../../../src/identity/managedIdentity/imds';
import type { AccessToken, GetTokenOptions } from '../../../src/identity/types';
import { forgetRememberedUnavailability } from '../../../src/identity/unavailabilityMemory';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_IDENTITY_HEADER,
  DEFAULT_PASSWORD,
  DEFAULT_PUBLIC_CLIENT_ID,
  DEFAULT_TENANT_ID,
  DEFAULT_USERNAME,
  DEFAULT_WORKLOAD_ISSUER,
  DEFAULT_WORKLOAD_SUBJECT,
} from '../../emulator/defaults';
import type { EmulatorClient } from '../../emulator/client';
import type { EndpointName, FaultAction } from '../../emulator/types';
import { useSharedEmulator, isIsolated } from '../chainCredentials/support/emulator';
import { useCleanEnvironment, setEnv } from '../chainCredentials/support/environment';
import { uniqueSleepSeconds, waitUntilGone } from '../chainCredentials/support/processes';
import { makeTempDir, removeDir } from '../chainCredentials/support/tempDir';
import { serverCertificate } from '../msalCredentials/support/certificates';
import { grownSince, resourceSnapshot } from './support/resources';

const ARM = 'https://management.azure.com/.default';
const FAST_RETRY = { maxRetries: 2, retryDelayInMs: 20, maxRetryDelayInMs: 2_000 };
/** The timeout each credential gets in the hang cell; the error must come before TIMEOUT_MS + SLACK_MS. */
const TIMEOUT_MS = 600;
const SLACK_MS = 5_000;
const TYPED_ERRORS = [ClientAuthenticationError, CredentialUnavailableError, AuthenticationRequiredError, AbortError];

type Fault = 'throttled (429, Retry-After: 1)' | 'one 500, then served' | '503 every time' | 'dropped mid-response' | 'TLS: untrusted certificate' | 'HTML page (502)' | 'malformed JSON (200)' | 'hangs past the timeout' | 'hangs, then aborted';

const FAULTS: readonly Fault[] = [
  'throttled (429, Retry-After: 1)', 'one 500, then served', '503 every time', 'dropped mid-response', 'TLS: untrusted certificate',
  'HTML page (502)', 'malformed JSON (200)', 'hangs past the timeout', 'hangs, then aborted',
];

interface Target {
  /** Where requests go (the authority or the managed-identity endpoint), for the "names the server" check. */
  server: string;
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
}

interface Family {
  name: string;
  /** The emulator endpoint the faults go to. */
  endpoint: EndpointName;
  /** Secrets the family holds: none may appear in an error message. */
  secrets: string[];
  /** A credential pointed at the emulator, or (tlsUrl) at an HTTPS server with an untrusted certificate. */
  make(emulator: EmulatorClient, info: { authority: string; imdsUrl: string; appServiceUrl: string }, tlsUrl?: string): Promise<Target | undefined>;
}

/** The authority host a credential reaches: the real default inside the namespace, else the emulator's URL. */
function authorityOptions(authority: string, tlsUrl: string | undefined): { authorityHost?: string; disableInstanceDiscovery?: boolean } {
  if (tlsUrl) return { authorityHost: tlsUrl, disableInstanceDiscovery: true };
  return isIsolated() ? {} : { authorityHost: authority, disableInstanceDiscovery: true };
}

function hostOf(url: string): string {
  return new URL(url).host;
}

let tempDir: string | undefined;

const FAMILIES: readonly Family[] = [
  {
    name: 'client secret',
    endpoint: 'token',
    secrets: [DEFAULT_CLIENT_SECRET],
    async make(_emulator, info, tlsUrl) {
      const options = authorityOptions(info.authority, tlsUrl);
      const credential = new ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, { ...options, retryOptions: FAST_RETRY, networkTimeoutInMs: TIMEOUT_MS });
      return { server: hostOf(options.authorityHost ?? info.authority), getToken: (o) => credential.getToken(ARM, o) };
    },
  },
  {
    name: 'certificate',
    endpoint: 'token',
    secrets: [],
    async make(emulator, info, tlsUrl) {
      const options = authorityOptions(info.authority, tlsUrl);
      const { defaultClientCertificatePath } = await emulator.info();
      const credential = new CertificateCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, defaultClientCertificatePath, { ...options, retryOptions: FAST_RETRY, networkTimeoutInMs: TIMEOUT_MS });
      return { server: hostOf(options.authorityHost ?? info.authority), getToken: (o) => credential.getToken(ARM, o) };
    },
  },
  {
    name: 'user (username/password)',
    endpoint: 'token',
    secrets: [DEFAULT_PASSWORD],
    async make(_emulator, info, tlsUrl) {
      const options = authorityOptions(info.authority, tlsUrl);
      const credential = new UsernamePasswordCredential(DEFAULT_TENANT_ID, DEFAULT_PUBLIC_CLIENT_ID, DEFAULT_USERNAME, DEFAULT_PASSWORD, {
        ...options, retryOptions: FAST_RETRY, networkTimeoutInMs: TIMEOUT_MS,
      });
      return { server: hostOf(options.authorityHost ?? info.authority), getToken: (o) => credential.getToken(ARM, o) };
    },
  },
  {
    name: 'workload identity',
    endpoint: 'token',
    secrets: [],
    async make(emulator, info, tlsUrl) {
      const options = authorityOptions(info.authority, tlsUrl);
      const file = path.join(tempDir as string, `federated-${Math.random().toString(36).slice(2)}`);
      writeFileSync(file, await emulator.issueFederatedToken({ issuer: DEFAULT_WORKLOAD_ISSUER, subject: DEFAULT_WORKLOAD_SUBJECT }));
      const credential = new WorkloadIdentityCredential({
        tenantId: DEFAULT_TENANT_ID, clientId: DEFAULT_CLIENT_ID, tokenFilePath: file, ...options, retryOptions: FAST_RETRY, networkTimeoutInMs: TIMEOUT_MS,
      });
      return { server: hostOf(options.authorityHost ?? info.authority), getToken: (o) => credential.getToken(ARM, o) };
    },
  },
  {
    name: 'managed identity (IMDS)',
    endpoint: 'imds',
    secrets: [],
    async make(_emulator, info, tlsUrl) {
      // IMDS is plain HTTP at 169.254.169.254: there is no TLS to fail.
      if (tlsUrl) return undefined;
      const credential = new ManagedIdentityCredential({ ...(isIsolated() ? {} : { imdsEndpoint: info.imdsUrl }), sendProbeRequest: false, retryOptions: FAST_RETRY });
      return {
        server: isIsolated() ? '169.254.169.254' : hostOf(info.imdsUrl),
        getToken: (o) => credential.getToken(ARM, { ...o, requestOptions: { timeout: TIMEOUT_MS } }),
      };
    },
  },
  {
    name: 'managed identity (App Service)',
    endpoint: 'appService',
    secrets: [DEFAULT_IDENTITY_HEADER],
    async make(_emulator, info, tlsUrl) {
      const endpoint = tlsUrl ? `${tlsUrl}/msi/token` : info.appServiceUrl;
      const credential = new ManagedIdentityCredential({ environment: { IDENTITY_ENDPOINT: endpoint, IDENTITY_HEADER: DEFAULT_IDENTITY_HEADER }, retryOptions: FAST_RETRY });
      return { server: hostOf(endpoint), getToken: (o) => credential.getToken(ARM, { ...o, requestOptions: { timeout: TIMEOUT_MS } }) };
    },
  },
];

/** What the emulator is told for each fault; undefined for the TLS fault (a separate server). */
function faultFor(fault: Fault): { action: FaultAction; times: number } | undefined {
  switch (fault) {
    case 'throttled (429, Retry-After: 1)':
      return { action: { type: 'status', status: 429, retryAfterSeconds: 1 }, times: 1 };
    case 'one 500, then served':
      return { action: { type: 'status', status: 500 }, times: 1 };
    case '503 every time':
      return { action: { type: 'status', status: 503 }, times: 0 };
    case 'dropped mid-response':
      return { action: { type: 'truncate' }, times: 0 };
    case 'HTML page (502)':
      return { action: { type: 'html', status: 502 }, times: 0 };
    case 'malformed JSON (200)':
      return { action: { type: 'malformedJson' }, times: 0 };
    case 'hangs past the timeout':
    case 'hangs, then aborted':
      return { action: { type: 'hang' }, times: 0 };
    case 'TLS: untrusted certificate':
      return undefined;
  }
}

/** What the error must say besides the server: the status, when the server answered one. */
const STATUS_NAMED: Partial<Record<Fault, RegExp>> = {
  '503 every time': /\b503\b/,
  'HTML page (502)': /\b502\b/,
  'malformed JSON (200)': /\b200\b|not JSON|malformed|unexpected|unreadable/i,
  'dropped mid-response': /dropped|reset|closed|hang up/i,
  'TLS: untrusted certificate': /certificate/i,
  'hangs past the timeout': /within \d+ ms|timed out|did not answer|no response/i,
};

/** Where each timer, socket and child process handle still alive was created: named in a failure. */
const created = new Map<number, { type: string; stack: string }>();
const tracker = createHook({
  init(id, type) {
    if (['Timeout', 'TCPWRAP', 'TLSWRAP', 'PROCESSWRAP', 'PIPEWRAP', 'HTTPCLIENTREQUEST'].includes(type)) {
      created.set(id, { type, stack: (new Error().stack ?? '').split('\n').slice(2).filter((l) => !l.includes('node:internal/async_hooks')).slice(0, 6).join(' | ') });
    }
  },
  destroy(id) {
    created.delete(id);
  },
});

/** The kinds that grew since `before`, with where each tracked resource still alive was created. */
async function leftBehind(before: Map<string, number>): Promise<string[]> {
  const grown = await grownSince(before);
  return grown.length === 0 ? [] : [...grown, ...[...created.values()].map((c) => `${c.type} created at ${c.stack}`)];
}

/** An HTTPS server on loopback with a self-signed certificate for 127.0.0.1 (no CA this process trusts). */
async function untrustedTlsServer(): Promise<{ url: string; handshakes: () => number; close: () => Promise<void> }> {
  const certificate = serverCertificate('127.0.0.1');
  const server = https.createServer({ cert: certificate.certificatePem, key: certificate.privateKeyPem }, (_req, res) => res.end('{}'));
  const sockets = new Set<Socket>();
  let handshakes = 0;
  server.on('connection', (socket: Socket) => {
    handshakes++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    handshakes: () => handshakes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Cells and outcomes, printed after the suite: the figures docs/RELIABILITY.md reports. */
const outcomes: { family: string; fault: Fault; outcome: string; ms: number }[] = [];

describe('reliability: fault kinds × credential families', function () {
  this.timeout(30_000);
  const emulator = useSharedEmulator();
  useCleanEnvironment();
  let tls: Awaited<ReturnType<typeof untrustedTlsServer>> | undefined;
  before(async () => {
    tempDir = makeTempDir('fault-table');
    tls = await untrustedTlsServer();
  });
  after(async () => {
    await tls?.close();
    removeDir(tempDir);
    if (outcomes.length > 0) {
      const width = Math.max(...outcomes.map((o) => o.family.length));
      console.log(`\n    fault table: ${outcomes.length} cells`);
      for (const o of outcomes) console.log(`      ${o.family.padEnd(width)}  ${o.fault.padEnd(32)} ${o.outcome} (${o.ms} ms)`);
    }
  });
  beforeEach(() => {
    forgetRememberedUnavailability();
    forgetImdsProbes();
    created.clear();
    tracker.enable();
  });
  afterEach(() => {
    tracker.disable();
    created.clear();
  });

  for (const family of FAMILIES) {
    describe(family.name, () => {
      for (const fault of FAULTS) {
        it(fault, async function () {
          const { client, info } = emulator();
          const urls = { authority: isIsolated() ? 'https://login.microsoftonline.com' : info.url, imdsUrl: info.imdsUrl ?? '', appServiceUrl: info.managedIdentityEndpoints.appService ?? '' };
          const injected = faultFor(fault);
          const target = await family.make(client, urls, injected ? undefined : tls?.url);
          if (!target) {
            outcomes.push({ family: family.name, fault, outcome: 'n/a (plain HTTP)', ms: 0 });
            this.skip();
            return;
          }
          if (injected) await client.addFault({ endpoint: family.endpoint, times: injected.times, action: injected.action });
          const before = await resourceSnapshot();
          const controller = new AbortController();
          const started = Date.now();
          const pending = target.getToken({ abortSignal: controller.signal });
          if (fault === 'hangs, then aborted') {
            // Abort once the request is at the hanging server (its log shows it), not on a timer.
            for (let i = 0; i < 200 && (await client.requests({ endpoint: family.endpoint })).every((r) => r.fault !== 'hang'); i++) {
              await new Promise((resolve) => setTimeout(resolve, 10));
            }
            controller.abort();
          }
          const result = await pending.then(
            (token) => ({ token }),
            (error: unknown) => ({ error }),
          );
          const ms = Date.now() - started;
          const retried = fault === 'throttled (429, Retry-After: 1)' || fault === 'one 500, then served';

          if (retried) {
            assert.ok('token' in result, `expected a token after the retry, got ${'error' in result ? String(result.error) : ''}`);
            assert.ok(result.token.expiresOnTimestamp > Date.now());
            const statuses = (await client.requests({ endpoint: family.endpoint })).map((r) => r.status);
            const expected = fault.startsWith('throttled') ? 429 : 500;
            assert.deepEqual(statuses.filter((s) => s !== 200), [expected], 'one faulted answer, then a served one');
            assert.equal(statuses.at(-1), 200);
            if (fault.startsWith('throttled')) assert.ok(ms >= 1_000, `Retry-After: 1 was honoured (waited ${ms} ms)`);
            outcomes.push({ family: family.name, fault, outcome: 'token after 1 retry', ms });
          } else {
            assert.ok('error' in result, 'a lasting fault must not give a token');
            const error = result.error as Error;
            assert.ok(TYPED_ERRORS.some((type) => error instanceof type), `a typed error, got ${error?.name}: ${error?.message}`);
            if (fault === 'hangs, then aborted') {
              assert.ok(error instanceof AbortError, `aborted: ${error.name}: ${error.message}`);
            } else {
              assert.ok(!(error instanceof AbortError), 'nothing was cancelled');
              assert.ok(error.message.includes(target.server), `the message names ${target.server}: ${error.message}`);
              const status = STATUS_NAMED[fault];
              if (status) assert.match(error.message, status);
            }
            for (const secret of family.secrets) assert.ok(!error.message.includes(secret), 'no secret in the message (not printed)');
            assert.ok(!/eyJ[\w-]{10,}\.[\w-]{10,}/.test(error.message), 'no token in the message');
            if (fault === 'hangs past the timeout') assert.ok(ms < TIMEOUT_MS * (FAST_RETRY.maxRetries + 1) + SLACK_MS, `bounded by the timeout (${ms} ms)`);
            outcomes.push({ family: family.name, fault, outcome: `${error.name}`, ms });
          }
          if (fault.startsWith('hangs')) {
            assert.deepEqual(await leftBehind(before), [], 'no socket or timer left behind');
          }
        });
      }
    });
  }

  describe('CLI-backed', () => {
    let dir: string | undefined;
    let restore: (() => void) | undefined;
    beforeEach(() => {
      dir = makeTempDir('fault-cli');
      restore = setEnv({ PATH: `${dir}:/usr/bin:/bin` });
    });
    afterEach(() => {
      restore?.();
      removeDir(dir);
    });
    function fakeAz(body: string): void {
      const file = path.join(dir as string, 'az');
      writeFileSync(file, `#!/bin/sh\n${body}\n`);
      chmodSync(file, 0o755);
    }
    const secretLooking = 'eyJhbGciOiJub25lIn0.eyJzZWNyZXQiOjF9.c2lnbmF0dXJlc2VjcmV0';
    for (const [name, body] of [
      ['HTML page', `echo '<!DOCTYPE html><html><body>502 Bad Gateway ${secretLooking}</body></html>'`],
      ['malformed JSON', `echo '{"accessToken": "${secretLooking}", "expiresOn": '`],
      ['JSON without a token', `echo '{"tokenType": "Bearer"}'`],
    ] as const) {
      it(`az prints ${name}: a typed error, no token quoted`, async () => {
        fakeAz(body);
        const started = Date.now();
        const error = await new AzureCliCredential({ processTimeoutInMs: 10_000 }).getToken(ARM).then(() => undefined, (e: unknown) => e as Error);
        assert.ok(error && TYPED_ERRORS.some((type) => error instanceof type), `a typed error, got ${String(error)}`);
        assert.match(error.message, /Azure CLI/);
        assert.ok(!error.message.includes('c2lnbmF0dXJlc2VjcmV0') && !error.message.includes('eyJzZWNyZXQiOjF9'), 'the token-like text is not quoted');
        outcomes.push({ family: 'CLI-backed (az)', fault: name as Fault, outcome: error.name, ms: Date.now() - started });
      });
    }
    it('az hangs with a child: stopped at its timeout, the process group gone', async () => {
      const seconds = uniqueSleepSeconds();
      fakeAz(`sleep ${seconds} & sleep ${seconds}`);
      const before = await resourceSnapshot();
      const started = Date.now();
      const error = await new AzureCliCredential({ processTimeoutInMs: TIMEOUT_MS }).getToken(ARM).then(() => undefined, (e: unknown) => e as Error);
      assert.ok(error instanceof CredentialUnavailableError, String(error));
      assert.match(error.message, new RegExp(`within ${TIMEOUT_MS} ms`));
      assert.deepEqual(await waitUntilGone(`sleep ${seconds}`), [], 'az and its child are gone (/proc)');
      assert.deepEqual(await leftBehind(before), [], 'no pipe, process handle or timer left behind');
      outcomes.push({ family: 'CLI-backed (az)', fault: 'hangs past the timeout', outcome: error.name, ms: Date.now() - started });
    });
    it('azd hangs with a child: stopped at its timeout, the process group gone', async () => {
      const fixtures = path.resolve(__dirname, '../../../../test/fixtures/azd');
      const seconds = uniqueSleepSeconds();
      const undo = setEnv({ PATH: `${fixtures}:/usr/bin:/bin`, AZD_STANDIN_MODE: 'hang', AZD_STANDIN_SLEEP_SECONDS: String(seconds), AZD_CONFIG_DIR: path.join(dir as string, 'azd') });
      try {
        const before = await resourceSnapshot();
        const started = Date.now();
        const error = await new AzureDeveloperCliCredential({ processTimeoutInMs: TIMEOUT_MS }).getToken(ARM).then(() => undefined, (e: unknown) => e as Error);
        assert.ok(error instanceof CredentialUnavailableError, String(error));
        assert.match(error.message, new RegExp(`within ${TIMEOUT_MS} ms`));
        assert.deepEqual(await waitUntilGone(`sleep ${seconds}`), [], 'azd and its child are gone (/proc)');
        assert.deepEqual(await leftBehind(before), [], 'no pipe, process handle or timer left behind');
        outcomes.push({ family: 'CLI-backed (azd)', fault: 'hangs past the timeout', outcome: error.name, ms: Date.now() - started });
      } finally {
        undo();
      }
    });
  });
});
