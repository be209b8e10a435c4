// Reads the extension's settings from VS Code; the parsing and validation live in settingsModel.ts (plain).
import * as vscode from 'vscode';
import { parseSettings, type ExtensionSettings } from './settingsModel';

export { SIGN_IN_METHODS, VSCODE_CLIENT_ID, SettingsError, parseSettings, type ExtensionSettings, type SignInMethodId } from './settingsModel';

export const SETTINGS_SECTION = 'azureIdentity';

export function readSettings(configuration: vscode.WorkspaceConfiguration = vscode.workspace.getConfiguration(SETTINGS_SECTION)): ExtensionSettings {
  return parseSettings(configuration);
}
