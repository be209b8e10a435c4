// After a reload the endpoint re-binds the port its restored terminals know. Real sockets: the previous
// window's endpoint still holding the port is waited for (until it closes); another program holding it makes
// the endpoint move to a new port at once.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rebindRememberedPort } from '../../../src/vscode/terminal/rebind';
import { ENDPOINT_HEADER, isTokenEndpointAt, startTokenEndpoint } from '../../../src/vscode/terminal/tokenEndpointServer';

const noToken = () => Promise.reject(new Error('not used'));

describe('terminal endpoint: re-binding the remembered port after a reload', () => {
  it('tells our endpoint from another program on the port', async () => {
    const ours = await startTokenEndpoint({ getToken: noToken });
    const other = http.createServer((_q, r) => r.end('hello'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      assert.equal(await isTokenEndpointAt(ours.port), true);
      assert.equal(await isTokenEndpointAt((other.address() as AddressInfo).port), false);
    } finally {
      await ours.close();
      other.close();
    }
    assert.equal(await isTokenEndpointAt(ours.port), false, 'nothing listening');
  });

  it('waits for the previous window\'s endpoint to let the port go, then takes the same port', async () => {
    const previous = await startTokenEndpoint({ getToken: noToken });
    const port = previous.port;
    let attempts = 0;
    // The previous window goes away only after the new one has tried a few times (as a slow shutdown does).
    const rebinding = rebindRememberedPort({
      port,
      retryDelayMs: 50,
      listen: () => {
        if (++attempts === 4) void previous.close();
        return startTokenEndpoint({ getToken: noToken, port });
      },
    });
    const result = await rebinding;
    assert.ok(result.endpoint, 'rebound');
    assert.equal(result.endpoint.port, port, 'the same port');
    assert.equal(result.waitedForPrevious, true);
    assert.ok(attempts >= 4);
    await result.endpoint.close();
  });

  it('moves on when another program holds the port, and says so', async () => {
    const other = http.createServer((_q, r) => r.end('not an endpoint'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as AddressInfo).port;
    try {
      const result = await rebindRememberedPort({ port, retryDelayMs: 20, listen: () => startTokenEndpoint({ getToken: noToken, port }) });
      assert.equal(result.endpoint, undefined);
      assert.equal(result.endpoint === undefined && result.reason, 'takenByAnotherProgram');
    } finally {
      other.close();
    }
  });

  it('every answer carries the endpoint header', async () => {
    const endpoint = await startTokenEndpoint({ getToken: noToken });
    try {
      const header = await new Promise<string | undefined>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: endpoint.port, path: '/nowhere' }, (response) => {
          response.resume();
          resolve(response.headers[ENDPOINT_HEADER.toLowerCase()] as string | undefined);
        }).on('error', reject);
      });
      assert.equal(header, '1');
    } finally {
      await endpoint.close();
    }
  });
});
