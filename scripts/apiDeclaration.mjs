// Writes azure-identity.api.d.ts, the contract other extensions compile against, from src/vscode/api/contract.ts
// with the TypeScript compiler (declaration emit), so the shipped file can never drift from the source.
//   node scripts/apiDeclaration.mjs          writes the file
//   node scripts/apiDeclaration.mjs --check  exits 1 (and says what to run) when the file is not what the source gives
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CONTRACT_SOURCE = path.join(ROOT, 'src', 'vscode', 'api', 'contract.ts');
export const DECLARATION_FILE = path.join(ROOT, 'azure-identity.api.d.ts');

const HEADER = [
  '// Azure Identity for VS Code: the API other extensions use. Generated from src/vscode/api/contract.ts by',
  '// `npm run api:declaration`: do not edit by hand. Copy this file into your extension (types only; nothing to',
  '// install) and see the README section "For extension authors".',
  '',
].join('\n');

/** The declaration text the contract compiles to, with the header. Throws with the compiler's messages on errors. */
export function generateDeclaration() {
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    declaration: true,
    emitDeclarationOnly: true,
    skipLibCheck: true,
    types: [],
    noEmitOnError: true,
  };
  const program = ts.createProgram([CONTRACT_SOURCE], options);
  let output;
  const result = program.emit(undefined, (fileName, text) => {
    if (fileName.endsWith('contract.d.ts')) output = text;
  });
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  if (diagnostics.length > 0 || output === undefined) {
    const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
    throw new Error(`The contract does not compile:\n${ts.formatDiagnostics(diagnostics, host)}`);
  }
  return HEADER + output.replace(/\r\n/g, '\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = generateDeclaration();
  if (process.argv.includes('--check')) {
    const current = existsSync(DECLARATION_FILE) ? readFileSync(DECLARATION_FILE, 'utf8') : '';
    if (current !== text) {
      console.error(`${path.relative(ROOT, DECLARATION_FILE)} is not what ${path.relative(ROOT, CONTRACT_SOURCE)} compiles to: run "npm run api:declaration".`);
      process.exit(1);
    }
    console.log(`${path.relative(ROOT, DECLARATION_FILE)} is up to date.`);
  } else {
    writeFileSync(DECLARATION_FILE, text);
    console.log(`wrote ${path.relative(ROOT, DECLARATION_FILE)}`);
  }
}
