// "Configure a Custom Cloud…": a person types the cloud's Resource Manager endpoint; its metadata
// (`/metadata/endpoints`) fills the authority and the Resource Manager settings. Thin: the reading and checking
// is cloudMetadata.ts.
import * as vscode from 'vscode';
import type { Logger } from '../log/logger';
import { CloudMetadataError, fetchCloudMetadata } from './cloudMetadata';

export const CONFIGURE_CUSTOM_CLOUD_COMMAND = 'azureIdentity.configureCustomCloud';

/** Fills the custom cloud settings from `resourceManagerEndpoint` (asked for when not given); returns the authority host. */
export async function configureCustomCloud(logger: Logger, resourceManagerEndpoint?: string): Promise<string | undefined> {
  const endpoint = resourceManagerEndpoint ?? (await vscode.window.showInputBox({
    title: vscode.l10n.t('Azure Identity: Configure a Custom Cloud'),
    prompt: vscode.l10n.t('The Resource Manager endpoint of the cloud; its metadata names the sign-in authority.'),
    placeHolder: 'https://management.contoso.cloud',
    ignoreFocusOut: true,
  }));
  if (!endpoint) return undefined;
  try {
    const cloud = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the cloud\'s metadata…'), cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return fetchCloudMetadata(endpoint, { abortSignal: abort.signal });
      },
    );
    const configuration = vscode.workspace.getConfiguration('azureIdentity');
    await configuration.update('customAuthorityHost', cloud.authorityHost, vscode.ConfigurationTarget.Global);
    await configuration.update('customResourceManagerEndpoint', cloud.resourceManagerEndpoint.replace(/\/+$/, ''), vscode.ConfigurationTarget.Global);
    await configuration.update('cloud', 'custom', vscode.ConfigurationTarget.Global);
    logger.info(`[cloud] custom cloud ${cloud.name}: authority ${cloud.authorityHost}, Resource Manager ${cloud.resourceManagerEndpoint}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Azure Identity signs in to {0} ({1}) from now on.', cloud.name, cloud.authorityHost));
    return cloud.authorityHost;
  } catch (error) {
    const message = error instanceof CloudMetadataError ? error.message : vscode.l10n.t('Reading the cloud\'s metadata failed: {0}', error instanceof Error ? error.message : String(error));
    logger.warn(`[cloud] ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Azure Identity: {0}', message));
    return undefined;
  }
}

export function registerCustomCloudCommand(logger: Logger): vscode.Disposable {
  return vscode.commands.registerCommand(CONFIGURE_CUSTOM_CLOUD_COMMAND, (endpoint?: string) => configureCustomCloud(logger, typeof endpoint === 'string' ? endpoint : undefined));
}
