// The settings as the extension reads them: the configured cloud's authority and Resource Manager scope, the
// sign-in methods under their new name with the retired names still working, and clear errors.
import * as assert from 'node:assert/strict';
import { SettingsError, parseSettings, type ConfigurationReader } from '../../../src/vscode/settingsModel';
import { resourceManagerScope } from '../../../src/vscode/accounts/clouds';

/** A configuration section: `set` holds what the person set; the rest are package.json defaults. */
function configuration(set: Record<string, unknown>, defaults: Record<string, unknown> = { 'signIn.methods': ['environment', 'managedIdentity', 'azureCli', 'azurePowerShell', 'interactiveBrowser', 'deviceCode'] }): ConfigurationReader {
  return {
    get: <T>(key: string, fallback: T) => (key in set ? (set[key] as T) : key in defaults ? (defaults[key] as T) : fallback),
    inspect: (key: string) => (key in set ? { globalValue: set[key] } : {}),
  };
}

describe('settings', () => {
  it('asks each cloud for its own Resource Manager scope', () => {
    assert.equal(resourceManagerScope(parseSettings(configuration({})).resourceManagerEndpoint), 'https://management.azure.com/.default');
    const gov = parseSettings(configuration({ cloud: 'AzureUSGovernment' }));
    assert.equal(gov.authorityHost, 'https://login.microsoftonline.us');
    assert.equal(resourceManagerScope(gov.resourceManagerEndpoint), 'https://management.usgovcloudapi.net/.default');
    assert.equal(resourceManagerScope(parseSettings(configuration({ cloud: 'AzureChinaCloud' })).resourceManagerEndpoint), 'https://management.chinacloudapi.cn/.default');
    const custom = parseSettings(configuration({ cloud: 'custom', customAuthorityHost: 'https://login.example.com/' }));
    assert.equal(custom.authorityHost, 'https://login.example.com');
    assert.equal(custom.resourceManagerEndpoint, 'https://login.example.com');
    assert.equal(parseSettings(configuration({ cloud: 'custom', customAuthorityHost: 'https://login.example.com', customResourceManagerEndpoint: 'https://arm.example.com/' })).resourceManagerEndpoint, 'https://arm.example.com');
  });

  it('orders and filters the sign-in list with signIn.methods', () => {
    const settings = parseSettings(configuration({ 'signIn.methods': ['deviceCode', 'azureCli'] }));
    assert.deepEqual(settings.signInMethods, ['deviceCode', 'azureCli']);
    assert.deepEqual(settings.deprecated, []);
  });

  it('still honours chain.order and chain.exclude, and reports them as deprecated', () => {
    const settings = parseSettings(configuration({ 'chain.order': ['azureCli', 'interactiveBrowser', 'deviceCode'], 'chain.exclude': ['deviceCode'] }));
    assert.deepEqual(settings.signInMethods, ['azureCli', 'interactiveBrowser']);
    assert.deepEqual(settings.deprecated, ['chain.order', 'chain.exclude']);
    assert.deepEqual(parseSettings(configuration({ 'chain.order': ['azureCli'], 'signIn.methods': ['deviceCode'] })).signInMethods, ['deviceCode'], 'the new name wins');
  });

  it('names the setting and what to do when a value cannot be used', () => {
    assert.throws(() => parseSettings(configuration({ cloud: 'Mars' })), (e: unknown) => e instanceof SettingsError && e.setting === 'cloud' && /AzureCloud/.test(e.message));
    assert.throws(() => parseSettings(configuration({ 'signIn.methods': ['carrierPigeon'] })), /azureIdentity\.signIn\.methods: unknown sign-in method\(s\) carrierPigeon/);
    assert.throws(() => parseSettings(configuration({ 'signIn.methods': [] })), /at least one/);
    assert.throws(() => parseSettings(configuration({ cloud: 'custom', customAuthorityHost: 'http://login.example.com' })), /must be an https/);
    assert.throws(() => parseSettings(configuration({ tenant: 'bad tenant!' })), /azureIdentity\.tenant/);
  });
});
