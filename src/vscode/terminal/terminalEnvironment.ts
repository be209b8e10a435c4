// Gives every integrated terminal of this window the token endpoint: IDENTITY_ENDPOINT and IDENTITY_HEADER
// (the App Service managed-identity variables every Azure SDK reads) through environmentVariableCollection.
// The collection is not persisted: the port and the secret belong to this window only.
import * as vscode from 'vscode';
import { VSCODE_ENDPOINT_MARKER_VARIABLE } from '../../identity/index';
import type { AccountServiceContract } from '../accounts/accountServiceContract';
import type { Logger } from '../logger';
import { startTokenEndpoint, type RunningTokenEndpoint } from './tokenEndpointServer';


export async function provideTerminalTokenEndpoint(
  collection: vscode.GlobalEnvironmentVariableCollection,
  service: AccountServiceContract,
  logger: Logger,
): Promise<vscode.Disposable> {
  collection.persistent = false;
  let endpoint: RunningTokenEndpoint;
  try {
    endpoint = await startTokenEndpoint({
      getToken: ({ scope, userAgent }) => service.getToken(undefined, { scopes: [scope], consumer: { kind: 'terminal', userAgent, protocol: 'appService2019' } }),
      onRequest: ({ scope, userAgent, status, reason }) => {
        const line = `[terminal] ${status} for ${scope ?? '(no scope)'} to ${userAgent}${reason ? `: ${reason}` : ''}`;
        if (status === 200) logger.info(line);
        else logger.warn(line);
      },
    });
  } catch (error) {
    logger.error(`[terminal] the token endpoint could not start: ${error instanceof Error ? error.message : String(error)}`);
    return { dispose: () => undefined };
  }
  collection.description = 'Azure Identity: tokens for the signed-in account (IDENTITY_ENDPOINT, IDENTITY_HEADER)';
  collection.replace('IDENTITY_ENDPOINT', endpoint.endpoint);
  collection.replace('IDENTITY_HEADER', endpoint.secret);
  // Tells VisualStudioCodeCredential in a terminal process that this endpoint is the extension's.
  collection.replace(VSCODE_ENDPOINT_MARKER_VARIABLE, endpoint.endpoint);
  logger.info(`[terminal] token endpoint listening on ${endpoint.endpoint} for this window's terminals`);
  return {
    dispose: () => {
      collection.clear();
      void endpoint.close();
    },
  };
}
