#!/usr/bin/env node
// `node scripts/measureManagedIdentity.mjs` (after `npx tsc -p .`): runs bench/managedIdentityMsal.ts inside the
// test namespace against the emulator, comparing msal-node's ManagedIdentityApplication with ours. The figures
// are in docs/ARCHITECTURE.md ("Managed identity").
import { measureInNamespace } from './lib/measureInNamespace.mjs';

await measureInNamespace(import.meta.url, 'managedIdentityMsal', 'measure-mi');
