// Code written for @azure/identity moves over: every name @azure/identity 4.13.1 exports exists in this
// library's entry, values as values of the same kind, types as types. The type half is checked by the
// compiler (the tuple below names each type through the entry); the test checks that the lists it holds are
// exactly @azure/identity's names, read from its own files, so they cannot drift from the package.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as CoreAuth from '@azure/core-auth';
import type * as Ours from '../../../src/identity/index';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const peerDir = path.join(root, 'node_modules', '@azure', 'identity', 'dist', 'commonjs');

/** @azure/identity's exports that exist only as types. */
const TYPE_NAMES = [
  'IdentityPlugin', 'ErrorResponse', 'AuthenticationRequiredErrorOptions', 'AuthenticationRecord', 'TokenCredentialOptions',
  'MultiTenantTokenCredentialOptions', 'AuthorityValidationOptions', 'BrokerAuthOptions', 'BrokerOptions', 'BrokerEnabledOptions',
  'BrokerDisabledOptions', 'InteractiveCredentialOptions', 'ClientSecretCredentialOptions', 'DefaultAzureCredentialOptions',
  'DefaultAzureCredentialClientIdOptions', 'DefaultAzureCredentialResourceIdOptions', 'DefaultAzureCredentialEnvVars',
  'EnvironmentCredentialOptions', 'ClientCertificateCredentialPEMConfiguration', 'ClientCertificatePEMCertificatePath',
  'ClientCertificatePEMCertificate', 'ClientCertificateCredentialOptions', 'ClientAssertionCredentialOptions', 'CredentialPersistenceOptions',
  'AzureCliCredentialOptions', 'AzureDeveloperCliCredentialOptions', 'InteractiveBrowserCredentialNodeOptions',
  'InteractiveBrowserCredentialInBrowserOptions', 'BrowserLoginStyle', 'ManagedIdentityCredentialClientIdOptions',
  'ManagedIdentityCredentialResourceIdOptions', 'ManagedIdentityCredentialObjectIdOptions', 'DeviceCodePromptCallback', 'DeviceCodeInfo',
  'DeviceCodeCredentialOptions', 'AzurePipelinesCredentialOptions', 'AuthorizationCodeCredentialOptions', 'AzurePowerShellCredentialOptions',
  'OnBehalfOfCredentialOptions', 'OnBehalfOfCredentialSecretOptions', 'OnBehalfOfCredentialCertificateOptions',
  'OnBehalfOfCredentialAssertionOptions', 'UsernamePasswordCredentialOptions', 'VisualStudioCodeCredentialOptions',
  'WorkloadIdentityCredentialOptions', 'BrowserCustomizationOptions', 'TokenCachePersistenceOptions', 'TokenCredential', 'GetTokenOptions',
  'AccessToken', 'GetBearerTokenProviderOptions',
] as const;

// The compiler's half: each name above, resolved through our entry. A missing one fails `tsc -p .`.
type TypeNamesResolve = [
  Ours.IdentityPlugin, Ours.ErrorResponse, Ours.AuthenticationRequiredErrorOptions, Ours.AuthenticationRecord, Ours.TokenCredentialOptions,
  Ours.MultiTenantTokenCredentialOptions, Ours.AuthorityValidationOptions, Ours.BrokerAuthOptions, Ours.BrokerOptions, Ours.BrokerEnabledOptions,
  Ours.BrokerDisabledOptions, Ours.InteractiveCredentialOptions, Ours.ClientSecretCredentialOptions, Ours.DefaultAzureCredentialOptions,
  Ours.DefaultAzureCredentialClientIdOptions, Ours.DefaultAzureCredentialResourceIdOptions, Ours.DefaultAzureCredentialEnvVars,
  Ours.EnvironmentCredentialOptions, Ours.ClientCertificateCredentialPEMConfiguration, Ours.ClientCertificatePEMCertificatePath,
  Ours.ClientCertificatePEMCertificate, Ours.ClientCertificateCredentialOptions, Ours.ClientAssertionCredentialOptions, Ours.CredentialPersistenceOptions,
  Ours.AzureCliCredentialOptions, Ours.AzureDeveloperCliCredentialOptions, Ours.InteractiveBrowserCredentialNodeOptions,
  Ours.InteractiveBrowserCredentialInBrowserOptions, Ours.BrowserLoginStyle, Ours.ManagedIdentityCredentialClientIdOptions,
  Ours.ManagedIdentityCredentialResourceIdOptions, Ours.ManagedIdentityCredentialObjectIdOptions, Ours.DeviceCodePromptCallback, Ours.DeviceCodeInfo,
  Ours.DeviceCodeCredentialOptions, Ours.AzurePipelinesCredentialOptions, Ours.AuthorizationCodeCredentialOptions, Ours.AzurePowerShellCredentialOptions,
  Ours.OnBehalfOfCredentialOptions, Ours.OnBehalfOfCredentialSecretOptions, Ours.OnBehalfOfCredentialCertificateOptions,
  Ours.OnBehalfOfCredentialAssertionOptions, Ours.UsernamePasswordCredentialOptions, Ours.VisualStudioCodeCredentialOptions,
  Ours.WorkloadIdentityCredentialOptions, Ours.BrowserCustomizationOptions, Ours.TokenCachePersistenceOptions, Ours.TokenCredential, Ours.GetTokenOptions,
  Ours.AccessToken, Ours.GetBearerTokenProviderOptions,
];
export type { TypeNamesResolve };

// And the new credentials plug into any Azure SDK client (@azure/core-auth's TokenCredential).
type Plugs<T extends CoreAuth.TokenCredential> = T;
export type NewCredentialsPlug = [
  Plugs<Ours.AzureDeveloperCliCredential>, Plugs<Ours.WorkloadIdentityCredential>, Plugs<Ours.ClientAssertionCredential>,
  Plugs<Ours.OnBehalfOfCredential>, Plugs<Ours.AzurePipelinesCredential>,
];

/** Every name a declaration file exports, following its `export *` lines (as @azure/identity's index.d.ts has). */
function declaredNames(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const names: string[] = [];
  for (const m of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s*from/g)) {
    for (const part of m[1].split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop();
      if (name) names.push(name);
    }
  }
  for (const m of text.matchAll(/export\s+declare\s+(?:function|const|class)\s+(\w+)/g)) names.push(m[1]);
  for (const m of text.matchAll(/export\s+\*\s+from\s+"(\.[^"]+)\.js"/g)) names.push(...declaredNames(path.join(path.dirname(file), `${m[1]}.d.ts`)));
  return names;
}

describe('the public surface, compared with @azure/identity 4.13.1', () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const peer = require(path.join(peerDir, 'index.js')) as Record<string, unknown>;
  const ours = require(path.join(root, 'out', 'src', 'identity', 'index.js')) as Record<string, unknown>;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const peerValues = Object.keys(peer).filter((name) => name !== '__esModule');

  it('is compared with the version the issue names', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', '@azure', 'identity', 'package.json'), 'utf8')) as { version: string };
    assert.equal(version, '4.13.1');
  });

  it('has every value @azure/identity exports, of the same kind (class or function, object)', () => {
    const missing = peerValues.filter((name) => !(name in ours));
    assert.deepEqual(missing, []);
    const kindDiffers = peerValues.filter((name) => typeof ours[name] !== typeof peer[name]);
    assert.deepEqual(kindDiffers, []);
  });

  it('holds exactly @azure/identity’s type-only names in the list the compiler checks', () => {
    const declared = new Set(declaredNames(path.join(peerDir, 'index.d.ts')));
    const typeOnly = [...declared].filter((name) => !peerValues.includes(name)).sort();
    assert.deepEqual([...TYPE_NAMES].sort(), typeOnly);
    // Every runtime value is declared too: the two lists cover the whole surface.
    assert.deepEqual(peerValues.filter((name) => !declared.has(name)), []);
  });

  it('gives the logger the shape of @azure/logger’s AzureLogger', () => {
    const logger = ours.logger as Record<string, { namespace: string; enabled: boolean; log: unknown; extend: unknown }>;
    const peerLogger = peer.logger as typeof logger;
    for (const level of ['error', 'warning', 'info', 'verbose']) {
      assert.equal(typeof logger[level], 'function');
      assert.equal(logger[level].namespace, peerLogger[level].namespace);
      assert.equal(typeof logger[level].enabled, 'boolean');
      assert.equal(typeof logger[level].extend, 'function');
    }
  });
});
