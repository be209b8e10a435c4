// The whole public surface, loaded at once: for bundles (the extension), whose bundler keeps only what is
// used and evaluates modules on first use anyway. Plain Node consumers require index.ts, which loads each
// credential only when it is first touched.
export * from './core';
export * from './credentialExports';
