// Moved to src/vscode/provider/scopeData.ts; this re-export keeps older imports compiling until they move too.
export * from './provider/scopeData';
