import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorCredentials, serveEmulators, type ServedEmulators } from '../../src/emulate/serveEmulators.js';
import { packageFile } from '../../src/model/packagePaths.js';

/**
 * Both emulators serving one small book, and the shipped `config.example.yaml` pointed at them
 * through its `${...}` variables, as a user would run it: for tests of whole CLI commands.
 */
export interface ServedBook {
  served: ServedEmulators;
  dir: string;
  configFile: string;
  statePath: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function serveBookWithConfig(options: { accounts: number; seed?: number; schedule?: string }): Promise<ServedBook> {
  const served = await serveEmulators({ accounts: options.accounts, seed: options.seed ?? 7, port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'vitals-e2e-'));
  const statePath = join(dir, 'vitals.db');
  let yaml = readFileSync(packageFile('config.example.yaml'), 'utf8').replace(/^state: .*$/m, `state: ${statePath}`);
  if (options.schedule !== undefined) yaml = yaml.replace(/^schedule:\n(?:[ #].*\n)*/m, `schedule:\n  run: "${options.schedule}"\n`);
  const configFile = join(dir, 'vitals.yaml');
  writeFileSync(configFile, yaml);
  const env = {
    SF_LOGIN_URL: served.salesforce.url,
    SF_CLIENT_ID: emulatorCredentials.salesforce.clientId,
    SF_CLIENT_SECRET: emulatorCredentials.salesforce.clientSecret,
    HUBSPOT_BASE_URL: served.hubspot.url,
    HUBSPOT_TOKEN: emulatorCredentials.hubspot.accessToken,
    VITALS_LOG_LEVEL: 'warn',
  };
  return {
    served,
    dir,
    configFile,
    statePath,
    env,
    close: async () => {
      await served.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
