// The Azure SDK logging contract: AZURE_LOG_LEVEL turns on `azure:identity:<level>` lines on stderr,
// setLogLevel / getLogLevel / AzureLogger.log work as @azure/logger's, and when @azure/logger is installed
// next to the library its own setLogLevel governs this library too. Each case runs in a fresh Node process,
// since the level is read when the logger loads; no case touches the network.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const index = path.join(root, 'out', 'src', 'identity', 'index.js');

/** Runs `script` with the library as `identity`; an AzureCliCredential that finds no az writes one info line. */
function run(script: string, env: Record<string, string | undefined>): { stdout: string; stderr: string } {
  const prelude = `
    const identity = require(${JSON.stringify(index)});
    const unavailable = () => new identity.AzureCliCredential().getToken('https://management.azure.com/.default').catch(() => undefined);`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PATH: '/nonexistent', AZURE_LOG_LEVEL: undefined, AZURE_IDENTITY_OWN_LOGGER: undefined, DEBUG: undefined };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  }
  for (const name of Object.keys(childEnv)) if (childEnv[name] === undefined) delete childEnv[name];
  const child = spawnSync(process.execPath, ['-e', `${prelude}\n(async () => {${script}})().catch((e) => { console.error('FAILED', e); process.exit(1); });`], {
    encoding: 'utf8',
    timeout: 30_000,
    env: childEnv,
    cwd: root,
  });
  assert.equal(child.status, 0, child.stderr);
  return { stdout: child.stdout, stderr: child.stderr };
}

describe('Azure SDK logging (AZURE_LOG_LEVEL, setLogLevel, AzureLogger)', function () {
  this.timeout(60_000);

  for (const implementation of ['the stand-in', '@azure/logger'] as const) {
    const own = implementation === 'the stand-in' ? '1' : undefined;

    describe(`with ${implementation}`, () => {
      it('writes credential lines to stderr as "azure:identity:info <credential> => ..." when AZURE_LOG_LEVEL=info, verbose lines not', () => {
        const { stderr } = run('await unavailable(); identity.logger.verbose("a verbose line");', { AZURE_LOG_LEVEL: 'info', AZURE_IDENTITY_OWN_LOGGER: own });
        assert.match(stderr, /^azure:identity:info AzureCliCredential => Unavailable: Azure CLI not found on path/m);
        assert.ok(!stderr.includes('a verbose line'), stderr);
      });

      it('writes nothing without AZURE_LOG_LEVEL, and setLogLevel turns the lines on and off, routed through AzureLogger.log', () => {
        const { stdout, stderr } = run(
          `
          await unavailable();
          identity.AzureLogger.log = (...args) => process.stdout.write(require('node:util').format(...args) + '\\n');
          identity.setLogLevel('warning');
          identity.logger.info('an info line');
          identity.logger.warning('a warning line');
          process.stdout.write('level=' + identity.getLogLevel() + '\\n');
          identity.setLogLevel('verbose');
          await unavailable();
          identity.setLogLevel();
          identity.logger.error('after off');`,
          { AZURE_IDENTITY_OWN_LOGGER: own },
        );
        assert.equal(stderr, '');
        assert.match(stdout, /^azure:identity:warning a warning line$/m);
        assert.match(stdout, /^level=warning$/m);
        assert.match(stdout, /^azure:identity:info AzureCliCredential => Unavailable/m);
        assert.ok(!stdout.includes('an info line') && !stdout.includes('after off'), stdout);
      });

      it('refuses an unknown level', () => {
        const { stdout } = run("try { identity.setLogLevel('loud'); } catch (e) { process.stdout.write(e.message); }", { AZURE_IDENTITY_OWN_LOGGER: own });
        assert.match(stdout, /^Unknown log level 'loud'\. Acceptable values: verbose,info,warning,error/);
      });

      it('says so on stderr when AZURE_LOG_LEVEL is not a level, and logs nothing', () => {
        const { stderr } = run('identity.logger.error("x"); await unavailable();', { AZURE_LOG_LEVEL: 'everything', AZURE_IDENTITY_OWN_LOGGER: own });
        assert.match(stderr, /^AZURE_LOG_LEVEL set to unknown log level 'everything'; logging is not enabled\. Acceptable values: verbose, info, warning, error\./);
        assert.ok(!stderr.includes('azure:identity'), stderr);
      });
    });
  }

  it('does not load @azure/logger for lines nobody can see, and follows it once the app loads it later', () => {
    // Loading @azure/logger costs 10-30 ms; a credential's first token must not wait for it when no level is
    // set. Once the app loads it and sets a level, the next line is written through it.
    const { stdout } = run(
      `
      const loaded = () => Object.keys(require.cache).some((file) => file.includes('/@azure/logger/'));
      await unavailable();
      process.stdout.write('after first line: ' + loaded() + '\\n');
      const azureLogger = require('@azure/logger');
      azureLogger.AzureLogger.log = (...args) => process.stdout.write(require('node:util').format(...args) + '\\n');
      azureLogger.setLogLevel('info');
      await new identity.AzureCliCredential().getToken('https://management.azure.com/.default').catch(() => undefined);`,
      {},
    );
    assert.match(stdout, /^after first line: false$/m);
    assert.match(stdout, /^azure:identity:info AzureCliCredential => Unavailable: Azure CLI not found on path/m);
  });

  it('follows @azure/logger’s own setLogLevel and AzureLogger.log when the package is installed', () => {
    const { stdout } = run(
      `
      const azureLogger = require('@azure/logger');
      azureLogger.AzureLogger.log = (...args) => process.stdout.write(require('node:util').format(...args) + '\\n');
      azureLogger.setLogLevel('info');
      await unavailable();`,
      {},
    );
    assert.match(stdout, /^azure:identity:info AzureCliCredential => Unavailable: Azure CLI not found on path/m);
  });
});
