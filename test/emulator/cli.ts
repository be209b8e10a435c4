#!/usr/bin/env node
// Runs the emulator as a program: `node out/test/emulator/cli.js [options]` (or `npm run emulator -- …`).
// Prints its URLs, writes the ready file once listening, and closes cleanly on SIGTERM / SIGINT.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CLIENT_ID, DEFAULT_TENANT_ID, DEFAULT_USERNAME } from './defaults';
import { startEmulator, type ReadyFile, type StartEmulatorOptions } from './index';

const USAGE = `Usage: node out/test/emulator/cli.js [options]

  --host <address>        HTTPS listen address (default 127.0.0.1)
  --port <n>              HTTPS port (default 0: a free port)
  --imds-host <address>   managed-identity (plain HTTP) listen address (default 127.0.0.1)
  --imds-port <n>         managed-identity port (default 0: a free port)
  --no-imds               no managed-identity listener
  --ca-dir <dir>          reuse or create ca.pem / ca-key.pem there (default: a new temp dir)
  --server-name <name>    an extra DNS name for the HTTPS certificate (repeatable)
  --arc-key-dir <dir>     where the Azure Arc endpoint writes key files
  --state-dir <dir>       keep the token signing key and refresh tokens there across restarts
  --redirect-http         answer plain HTTP on the HTTPS port with a redirect to https://
  --ready-file <path>     write {url, imdsUrl, controlUrl, caCertPath, pid} there once listening
  --help                  this text
`;

class UsageError extends Error {}

function parsePort(value: string, flag: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`${flag} needs a port number between 0 and 65535, not '${value}'.`);
  }
  return port;
}

interface CliOptions {
  start: StartEmulatorOptions;
  readyFile: string | undefined;
}

export function parseArguments(argv: readonly string[]): CliOptions | 'help' {
  const start: StartEmulatorOptions = {};
  let imdsHost = '127.0.0.1';
  let imdsPort = 0;
  let imdsEnabled = true;
  let readyFile: string | undefined;
  const serverNames: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`${flag} needs a value.`);
      }
      return next;
    };
    switch (flag) {
      case '--help': case '-h': return 'help';
      case '--host': start.host = value(); break;
      case '--port': start.port = parsePort(value(), flag); break;
      case '--imds-host': imdsHost = value(); break;
      case '--imds-port': imdsPort = parsePort(value(), flag); break;
      case '--no-imds': imdsEnabled = false; break;
      case '--ca-dir': start.caDir = path.resolve(value()); break;
      case '--server-name': serverNames.push(value()); break;
      case '--arc-key-dir': start.arcKeyDirectory = path.resolve(value()); break;
      case '--state-dir': start.stateDir = path.resolve(value()); break;
      case '--redirect-http': start.redirectPlainHttp = true; break;
      case '--ready-file': readyFile = path.resolve(value()); break;
      default: throw new UsageError(`Unknown option '${flag}'.`);
    }
  }
  start.imds = imdsEnabled ? { host: imdsHost, port: imdsPort } : false;
  if (serverNames.length > 0) {
    start.serverNames = serverNames;
  }
  return { start, readyFile };
}

function writeAtomically(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, content);
  fs.renameSync(temp, file);
}

async function main(): Promise<void> {
  let options: CliOptions | 'help';
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const emulator = await startEmulator(options.start);
  const info = emulator.control.info();
  const ready: ReadyFile = { url: emulator.url, imdsUrl: emulator.imdsUrl, controlUrl: emulator.controlUrl, caCertPath: emulator.caCertPath, pid: process.pid };
  const lines = [
    'Azure Identity Entra ID emulator is listening.',
    `  authority host   ${emulator.url}   (tenant ${DEFAULT_TENANT_ID}, user ${DEFAULT_USERNAME}, app ${DEFAULT_CLIENT_ID})`,
    `  discovery        ${emulator.url}/${DEFAULT_TENANT_ID}/v2.0/.well-known/openid-configuration`,
    `  device login     ${emulator.url}/devicelogin`,
    `  control API      ${emulator.controlUrl}/info`,
    `  CA certificate   ${emulator.caCertPath}   (NODE_EXTRA_CA_CERTS / REQUESTS_CA_BUNDLE)`,
    ...(emulator.imdsUrl ? [
      `  IMDS             ${info.managedIdentityEndpoints.imds}`,
      `  App Service      IDENTITY_ENDPOINT=${info.managedIdentityEndpoints.appService} IDENTITY_HEADER=${info.identityHeader}`,
      `  Cloud Shell      MSI_ENDPOINT=${info.managedIdentityEndpoints.cloudShell}`,
      `  Azure Arc        IDENTITY_ENDPOINT=${info.managedIdentityEndpoints.arc} IMDS_ENDPOINT=${emulator.imdsUrl}`,
    ] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (options.readyFile) {
    writeAtomically(options.readyFile, `${JSON.stringify(ready, null, 2)}\n`);
    process.stdout.write(`  ready file       ${options.readyFile}\n`);
  }
  const readyFile = options.readyFile;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;
    process.stdout.write(`Emulator stopping (${signal}).\n`);
    // Never hang on the way out: a stuck close still ends the process.
    setTimeout(() => process.exit(1), 5000).unref();
    void emulator.close().then(() => {
      if (readyFile) {
        fs.rmSync(readyFile, { force: true });
      }
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`The emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
