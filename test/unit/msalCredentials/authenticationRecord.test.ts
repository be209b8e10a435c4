// AuthenticationRecord: the JSON the other Azure Identity libraries write and read, and clear refusals.
import * as assert from 'node:assert/strict';
import {
  AuthenticationRecord,
  deserializeAuthenticationRecord,
  serializeAuthenticationRecord,
} from '../../../src/identity/authenticationRecord';
import { InvalidArgumentError } from '../../../src/identity/errors';

const fields = {
  authority: 'login.microsoftonline.com',
  homeAccountId: 'oid-1.tenant-1',
  clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  tenantId: 'tenant-1',
  username: 'alice@contoso.onmicrosoft.com',
};

describe('AuthenticationRecord', () => {
  it('serializes exactly the keys, order and version the other libraries write', () => {
    const text = new AuthenticationRecord(fields).serialize();
    assert.equal(
      text,
      '{"authority":"login.microsoftonline.com","clientId":"04b07795-8ddb-461a-bbee-02f9e1bf7b46","homeAccountId":"oid-1.tenant-1","tenantId":"tenant-1","username":"alice@contoso.onmicrosoft.com","version":"1.0"}',
    );
    assert.equal(serializeAuthenticationRecord(fields), text, 'the @azure/identity-style function writes the same text');
    assert.equal(JSON.stringify(new AuthenticationRecord(fields)), text, 'JSON.stringify gives the same text');
  });

  it('round-trips, and reads records written by Python (spaced JSON) and by extensions without a version', () => {
    assert.deepEqual({ ...AuthenticationRecord.deserialize(new AuthenticationRecord(fields).serialize()) }, fields);
    const python =
      '{"authority": "login.microsoftonline.com", "clientId": "04b07795-8ddb-461a-bbee-02f9e1bf7b46", "homeAccountId": "oid-1.tenant-1", "tenantId": "tenant-1", "username": "alice@contoso.onmicrosoft.com", "version": "1.0"}';
    assert.deepEqual({ ...deserializeAuthenticationRecord(python) }, fields);
    const withoutVersion = JSON.stringify({ ...fields, datetime: '2025-01-01T00:00:00Z' });
    assert.equal(deserializeAuthenticationRecord(withoutVersion).username, fields.username);
  });

  const refusals: [string, string, RegExp][] = [
    ['malformed JSON', '{"authority":', /not valid JSON/],
    ['a JSON array', '[1,2]', /must be a JSON object/],
    ['an unknown version', JSON.stringify({ ...fields, version: '2.0' }), /Unsupported authentication record version "2\.0"/],
    ['a missing field', JSON.stringify({ ...fields, homeAccountId: undefined }), /lacks homeAccountId/],
    ['a non-string field', JSON.stringify({ ...fields, tenantId: 42 }), /lacks tenantId/],
    ['input over 10 KB', JSON.stringify({ ...fields, username: 'x'.repeat(11 * 1024) }), /under 10 KB/],
  ];
  for (const [what, text, message] of refusals) {
    it(`refuses ${what} with a clear InvalidArgumentError`, () => {
      assert.throws(
        () => deserializeAuthenticationRecord(text),
        (error: unknown) => error instanceof InvalidArgumentError && error.argument === 'authenticationRecord' && message.test(error.message),
      );
    });
  }
});
