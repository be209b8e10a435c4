// Runs one persistent-cache step in a child process, so each step has its own environment (HOME, D-Bus)
// and nothing but the cache on disk carries state from one step to the next. Prints one JSON line.
import { deserializeAuthenticationRecord } from '../../../../src/identity/authenticationRecord';
import { DeviceCodeCredential } from '../../../../src/identity/credentials/deviceCodeCredential';
import { UsernamePasswordCredential } from '../../../../src/identity/credentials/usernamePasswordCredential';
import type { TokenCachePersistenceOptions } from '../../../../src/identity/types';

export interface PersistenceStep {
  action: 'authenticate' | 'silent';
  tenantId: string;
  clientId: string;
  username?: string;
  password?: string;
  record?: string;
  scope: string;
  authorityOptions: { authorityHost?: string; disableInstanceDiscovery?: boolean };
  persistence: TokenCachePersistenceOptions;
}

export interface PersistenceStepResult {
  record?: string;
  ok?: boolean;
  error?: { name: string; message: string };
}

async function run(step: PersistenceStep): Promise<PersistenceStepResult> {
  const common = { ...step.authorityOptions, tokenCachePersistenceOptions: step.persistence };
  if (step.action === 'authenticate') {
    const credential = new UsernamePasswordCredential(step.tenantId, step.clientId, step.username ?? '', step.password ?? '', common);
    return { record: (await credential.authenticate(step.scope)).serialize() };
  }
  const credential = new DeviceCodeCredential({
    ...common,
    tenantId: step.tenantId,
    clientId: step.clientId,
    authenticationRecord: deserializeAuthenticationRecord(step.record ?? ''),
    disableAutomaticAuthentication: true,
  });
  await credential.getToken(step.scope);
  return { ok: true };
}

const step = JSON.parse(process.argv[2] ?? '{}') as PersistenceStep;
run(step).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => process.stdout.write(`${JSON.stringify({ error: { name: (error as Error).name, message: (error as Error).message } })}\n`),
);
