import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startCrm, type CrmUnderTest } from '../support/convergence.js';
import { EMULATED_CRMS } from '../support/emulatedCrms.js';
import { runVitals } from '../support/killedRuns.js';
import { runCliAsync, type CliResult } from '../support/runCli.js';

/**
 * Secrets (the credentials the config reads from the environment, and every access token the CRM
 * issues) never appear in what crm-vitals prints, logs or stores: the CLI is run at debug level
 * through faults that make it retry, refresh its token and fail, then every byte of its output
 * and of every file it left (the state, its WAL) is searched for each secret.
 */
describe.each(EMULATED_CRMS)('secrets through the %s connector', (crm) => {
  let env: CrmUnderTest;
  beforeAll(async () => {
    // An OAuth app's refresh token and client secret are secrets too.
    env = await startCrm(crm, { accounts: 30, auth: 'refresh-token' });
  }, 60_000);
  afterAll(async () => env?.close());

  it('appear in no output, log line or file of the state, through retries, token refreshes and a refused login', async () => {
    const outputs: { what: string; result: CliResult }[] = [];
    const cli = async (what: string, args: string[], extraEnv: Record<string, string> = {}) => {
      const result = await runCliAsync(['-c', env.configFile, ...args], { env: { ...env.env, VITALS_LOG_LEVEL: 'debug', ...extraEnv } });
      outputs.push({ what, result });
      return result;
    };

    env.setFaults({ serverErrorRate: 0.1, sessionExpiryEvery: 20 }, 77);
    const run = await runVitals(env, { logLevel: 'debug' });
    outputs.push({ what: 'run (faults)', result: run });
    env.setFaults({});
    await cli('run --dry-run --json', ['run', '--dry-run', '--json']);
    await cli('validate', ['validate']);
    await cli('status', ['status']);
    await cli('status --json', ['status', '--json']);
    await cli('run (text logs)', ['run'], { VITALS_LOG_FORMAT: 'text' });

    // A wrong secret is a secret too: the refusal names the setting to check, never the value.
    const wrong = `wrong-${randomBytes(10).toString('hex')}`;
    const secretVariable = Object.keys(env.env).find((k) => k.endsWith('CLIENT_SECRET'))!;
    const refused = await cli('run with a refused secret', ['run'], { [secretVariable]: wrong });
    // Refused credentials are fatal for the run's exit code, whatever other connectors did.
    expect({ status: refused.status, said: refused.stderr }).toEqual({ status: 3, said: expect.stringMatching(/clientSecret/) });

    const secrets = [...env.secrets(), wrong];
    // The faults made the CRM issue several tokens, and the debug logs say a good deal.
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    const logged = outputs.map((o) => o.result.stderr).join('\n');
    expect(logged.split('\n').length).toBeGreaterThan(20);

    const leaks: string[] = [];
    for (const { what, result } of outputs) {
      for (const secret of secrets) {
        if (result.stdout.includes(secret)) leaks.push(`${what} stdout: ${secret}`);
        if (result.stderr.includes(secret)) leaks.push(`${what} stderr: ${secret}`);
      }
    }
    for (const file of filesUnder(env.dir)) {
      const bytes = readFileSync(file).toString('latin1');
      for (const secret of secrets) if (bytes.includes(secret)) leaks.push(`${file}: ${secret}`);
    }
    expect(leaks).toEqual([]);
    // The config file holds references, never values.
    expect(readFileSync(env.configFile, 'utf8')).toContain(`\${${secretVariable}}`);
  }, 120_000);
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
