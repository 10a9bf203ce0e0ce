import { loadConfig, type LoadConfigOptions } from '../config/loadConfig.js';
import type { Config } from '../config/config.js';
import { configureLogging } from '../log/logger.js';

export interface GlobalOptions {
  config: string;
}

/** Loads the config named by `-c` and applies its log settings. */
export async function configFor(file: string, options: LoadConfigOptions = {}): Promise<Config> {
  const config = await loadConfig(file, process.env, options);
  if (!process.env.VITALS_LOG_LEVEL) configureLogging({ level: config.log.level });
  return config;
}

/** Human output goes to stdout; logs go to stderr. */
export function print(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
