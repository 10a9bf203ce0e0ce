import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningEmulator } from '../../emulators/emulatorKit.js';
import { serveEmulators, type ServedEmulators, type ServeOptions } from '../../emulators/serveEmulators.js';
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
  /** The emulator serving connector type `type`. */
  crm<Native = unknown>(type: string): RunningEmulator<Native>;
  close(): Promise<void>;
}

export async function serveBookWithConfig(
  options: { accounts: number; seed?: number; schedule?: string } & Pick<ServeOptions, 'currencies' | 'currenciesOf'>,
): Promise<ServedBook> {
  const served = await serveEmulators({ accounts: options.accounts, seed: options.seed ?? 7, port: 0, currencies: options.currencies, currenciesOf: options.currenciesOf });
  const dir = mkdtempSync(join(tmpdir(), 'vitals-e2e-'));
  const statePath = join(dir, 'vitals.db');
  let yaml = readFileSync(packageFile('config.example.yaml'), 'utf8').replace(/^state: .*$/m, `state: ${statePath}`);
  if (options.schedule !== undefined) yaml = yaml.replace(/^schedule:\n(?:[ #].*\n)*/m, `schedule:\n  run: "${options.schedule}"\n`);
  const configFile = join(dir, 'vitals.yaml');
  writeFileSync(configFile, yaml);
  const env = { ...served.env, VITALS_LOG_LEVEL: 'warn' };
  return {
    served,
    dir,
    configFile,
    statePath,
    env,
    crm: <Native>(type: string) => {
      const found = served.emulators.find((e) => e.type === type);
      if (!found) throw new Error(`no emulator serves connector type ${type}`);
      return found.emulator as RunningEmulator<Native>;
    },
    close: async () => {
      await served.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
