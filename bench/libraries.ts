// The two libraries under comparison, loaded by path so each benchmark child loads exactly one of them: ours
// (the compiled src/identity) and the peer, @azure/identity. Both export credentials with the same shapes.
import path from 'node:path';

export type LibraryName = 'ours' | 'peer';

export interface AccessTokenLike {
  readonly token: string;
  readonly expiresOnTimestamp: number;
}
export interface CredentialLike {
  getToken(scopes: string | string[], options?: object): Promise<AccessTokenLike | null>;
}
type Constructor<A extends unknown[]> = new (...args: A) => CredentialLike;

export interface IdentityLibrary {
  ClientSecretCredential: Constructor<[tenantId: string, clientId: string, secret: string, options?: object]>;
  ManagedIdentityCredential: Constructor<[options?: object]>;
  DefaultAzureCredential: Constructor<[options?: object]>;
  AzureCliCredential: Constructor<[options?: object]>;
}

export const LIBRARY_LABELS: Record<LibraryName, string> = {
  ours: 'azure-identity (ours)',
  peer: '@azure/identity 4.13.1',
};

/** The module a fresh process requires, for the start-up benchmark. */
export function libraryEntry(name: LibraryName): string {
  return name === 'ours' ? path.resolve(__dirname, '..', 'src', 'identity', 'index.js') : require.resolve('@azure/identity');
}

export function loadLibrary(name: LibraryName): IdentityLibrary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(libraryEntry(name)) as IdentityLibrary;
}
