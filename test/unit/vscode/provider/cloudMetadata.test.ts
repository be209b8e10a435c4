import assert from 'node:assert/strict';
import { CloudMetadataError, cloudMetadataUrl, fetchCloudMetadata, parseCloudMetadata, type FetchLike } from '../../../../src/vscode/provider/cloudMetadata';

const PUBLIC = {
  portal: 'https://portal.azure.com',
  authentication: { loginEndpoint: 'https://login.microsoftonline.com/', audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'], tenant: 'common', identityProvider: 'AAD' },
  name: 'AzureCloud',
  resourceManager: 'https://management.azure.com/',
  microsoftGraphResourceId: 'https://graph.microsoft.com/',
};

describe('custom cloud from ARM metadata', () => {
  it('builds the metadata URL from what a person types', () => {
    assert.equal(cloudMetadataUrl('management.contoso.cloud'), 'https://management.contoso.cloud/metadata/endpoints?api-version=2022-09-01');
    assert.equal(cloudMetadataUrl(' https://management.contoso.cloud/ '), 'https://management.contoso.cloud/metadata/endpoints?api-version=2022-09-01');
    assert.throws(() => cloudMetadataUrl('http://management.contoso.cloud'), /https/);
    assert.throws(() => cloudMetadataUrl(''), CloudMetadataError);
  });

  it('reads the authority host, ARM endpoint and management scope', () => {
    const cloud = parseCloudMetadata(PUBLIC);
    assert.equal(cloud.name, 'AzureCloud');
    assert.equal(cloud.authorityHost, 'https://login.microsoftonline.com');
    assert.equal(cloud.resourceManagerEndpoint, 'https://management.azure.com/');
    assert.equal(cloud.managementScope, 'https://management.core.windows.net/.default');
    assert.equal(parseCloudMetadata([PUBLIC]).name, 'AzureCloud');
  });

  it('rejects documents without a login endpoint or audiences, or with http endpoints', () => {
    assert.throws(() => parseCloudMetadata({ ...PUBLIC, authentication: { audiences: ['x'] } }), /loginEndpoint/);
    assert.throws(() => parseCloudMetadata({ ...PUBLIC, authentication: { ...PUBLIC.authentication, audiences: [] } }), /audiences/);
    assert.throws(() => parseCloudMetadata({ ...PUBLIC, authentication: { ...PUBLIC.authentication, loginEndpoint: 'http://login.x' } }), /https/);
    assert.throws(() => parseCloudMetadata('nope'), CloudMetadataError);
  });

  it('says what to check when the endpoint answers an error, no JSON, or nothing in time', async () => {
    const answer = (status: number, text: string): FetchLike => async () => ({ status, text: async () => text });
    await assert.rejects(fetchCloudMetadata('management.contoso.cloud', { fetch: answer(404, '') }), /answered 404/);
    await assert.rejects(fetchCloudMetadata('management.contoso.cloud', { fetch: answer(200, '<html>') }), /not JSON/);
    const hang: FetchLike = (_url, init) => new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    await assert.rejects(fetchCloudMetadata('management.contoso.cloud', { fetch: hang, timeoutMs: 20 }), /did not answer within/);
    const cloud = await fetchCloudMetadata('management.contoso.cloud', { fetch: answer(200, JSON.stringify(PUBLIC)) });
    assert.equal(cloud.authorityHost, 'https://login.microsoftonline.com');
  });
});
