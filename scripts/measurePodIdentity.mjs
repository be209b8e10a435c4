#!/usr/bin/env node
// `node scripts/measurePodIdentity.mjs` (after `npx tsc -p .`): runs bench/podIdentity.ts inside the test
// namespace (only loopback exists there), timing ours and @azure/identity 4.13.1 with
// AZURE_POD_IDENTITY_AUTHORITY_HOST at a refused and at a silent loopback port. The figures are in
// docs/RELIABILITY.md ("Faults").
import { measureInNamespace } from './lib/measureInNamespace.mjs';

await measureInNamespace(import.meta.url, 'podIdentity', 'measure-pod-identity');
