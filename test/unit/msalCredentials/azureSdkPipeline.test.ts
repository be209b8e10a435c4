// Our credentials in a real Azure SDK for JS pipeline: @azure/core-rest-pipeline's
// bearerTokenAuthenticationPolicy puts our token on the request, and answers a CAE claims challenge by
// asking our credential again with the claims, which reach the authority.
import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TokenCredential as CoreTokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createEmptyPipeline,
  createPipelineRequest,
  type PipelineRequest,
} from '@azure/core-rest-pipeline';
import { ClientSecretCredential } from '../../../src/identity/credentials/clientSecretCredential';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } from '../../emulator/defaults';
import { serverCertificate } from './support/certificates';
import { useFreshEmulator } from './support/emulator';

const ARM = 'https://management.azure.com/.default';

/** A local HTTPS resource server that records Authorization headers and answers with `respond`. */
async function resourceServer(respond: (authorization: string | undefined, count: number) => { status: number; headers?: Record<string, string> }) {
  const certificate = serverCertificate();
  const seen: (string | undefined)[] = [];
  const server = https.createServer({ key: certificate.privateKeyPem, cert: certificate.certificatePem }, (request, response) => {
    seen.push(request.headers.authorization);
    const { status, headers } = respond(request.headers.authorization, seen.length);
    response.writeHead(status, headers);
    response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/resource`;
  // createPipelineRequest() does not copy `agent`, so the test CA is set on the request afterwards.
  const request = (): PipelineRequest => {
    const pipelineRequest = createPipelineRequest({ url });
    pipelineRequest.agent = new https.Agent({ ca: certificate.certificatePem });
    return pipelineRequest;
  };
  return { request, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('Azure SDK for JS pipeline (emulator)', function () {
  const emulator = useFreshEmulator();

  it('bearerTokenAuthenticationPolicy sends our credential\'s token', async () => {
    const credential: CoreTokenCredential = new ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, emulator().authorityOptions);
    const server = await resourceServer(() => ({ status: 200 }));
    try {
      const pipeline = createEmptyPipeline();
      pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: ARM }));
      const response = await pipeline.sendRequest(createDefaultHttpClient(), server.request());
      assert.equal(response.status, 200);
      // The pipeline asks with enableCae (core-rest-pipeline's default), so the same call hits our cache.
      const expected = await credential.getToken(ARM, { enableCae: true });
      // Compared as a boolean: a failing assertion must not print a token.
      assert.ok(server.seen[0] === `Bearer ${expected?.token}`, 'the request carried the credential\'s token');
      assert.equal((await emulator().tokenRequests()).length, 1, 'the pipeline and the direct call shared one cached token');
    } finally {
      await server.close();
    }
  });

  it('answers a CAE claims challenge: the claims reach the authority and the retry carries a new token', async () => {
    const credential = new ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, emulator().authorityOptions);
    const claims = '{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}';
    const server = await resourceServer((_authorization, count) =>
      count === 1
        ? {
            status: 401,
            headers: {
              'www-authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${Buffer.from(claims).toString('base64')}"`,
            },
          }
        : { status: 200 },
    );
    try {
      const pipeline = createEmptyPipeline();
      pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: ARM }));
      const response = await pipeline.sendRequest(createDefaultHttpClient(), server.request());
      assert.equal(response.status, 200);
      assert.equal(server.seen.length, 2);
      assert.ok(server.seen[1]?.startsWith('Bearer ') && server.seen[1] !== server.seen[0], 'the retry carried a new token issued for the claims');
      const requests = await emulator().tokenRequests();
      assert.equal(requests.length, 2);
      assert.equal(requests[1]?.form?.claims !== undefined && requests[1].form.claims.includes('"nbf"'), true, 'the challenge\'s claims reached the authority');
    } finally {
      await server.close();
    }
  });
});
