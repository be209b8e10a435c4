// Scope validation, the cache key's scope part, and scope ↔ resource conversion for the CLI credentials.
import { InvalidArgumentError } from './errors';

// Letters, digits and the URL punctuation real scopes use ("https://x/.default", "api://id/Read", "User.Read").
const SCOPE_PATTERN = /^[0-9a-zA-Z-_.:/%?=&~+@#!$'()*,;[\]]+$/;

/** Throws InvalidArgumentError unless there is at least one scope and every scope is well-formed. */
export function checkScopes(scopes: readonly string[], options?: { maxScopes?: number; credential?: string }): void {
  if (scopes.length === 0) {
    throw new InvalidArgumentError('scopes', 'getToken requires at least one scope, for example "https://management.azure.com/.default".');
  }
  if (options?.maxScopes !== undefined && scopes.length > options.maxScopes) {
    throw new InvalidArgumentError(
      'scopes',
      `${options.credential ?? 'This credential'} accepts ${options.maxScopes === 1 ? 'only one scope' : `at most ${options.maxScopes} scopes`} per request; got ${scopes.length}. Request each scope separately.`,
    );
  }
  for (const scope of scopes) {
    if (typeof scope !== 'string' || scope.length === 0 || scope.length > 1024 || !SCOPE_PATTERN.test(scope)) {
      throw new InvalidArgumentError(
        'scopes',
        `Invalid scope "${typeof scope === 'string' ? scope.slice(0, 100).replace(/[^\x20-\x7e]/g, '?') : typeof scope}": a scope is a non-empty string without spaces, for example "https://management.azure.com/.default".`,
      );
    }
  }
}

/** The resource of a `<resource>/.default` scope, as `az account get-access-token --resource` wants it. */
export function scopeToResource(scope: string): string {
  return scope.endsWith('/.default') ? scope.slice(0, -'/.default'.length) : scope;
}

/** The `.default` scope of a resource URI. */
export function resourceToScope(resource: string): string {
  return resource.endsWith('/.default') ? resource : `${resource}/.default`;
}
