import { loadConfig, type LoadConfigOptions } from '../config/loadConfig.js';
import type { Config } from '../config/config.js';
import { configureLogging } from '../log/logger.js';
import { redactText } from '../log/redact.js';

export interface GlobalOptions {
  config: string;
}

/** `--verbose` on the commands that pull: their per-object and per-page lines. */
export const VERBOSE_HELP = 'log every object and page (log level debug); without it only warnings, errors and the summary';

/**
 * Loads the config named by `-c` and applies its log settings: `--verbose` over
 * `VITALS_LOG_LEVEL` over the config's `log.level`.
 */
export async function configFor(file: string, options: LoadConfigOptions & { verbose?: boolean } = {}): Promise<Config> {
  const { verbose, ...load } = options;
  const config = await loadConfig(file, process.env, load);
  if (verbose) configureLogging({ level: 'debug' });
  else if (!process.env.VITALS_LOG_LEVEL) configureLogging({ level: config.log.level });
  return config;
}

/**
 * Human output goes to stdout; logs go to stderr. Both mask the same secrets, so a value (a URL
 * from the environment) reads the same in a command's output and in its log lines.
 */
export function print(text = ''): void {
  process.stdout.write(`${redactText(text)}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${redactText(JSON.stringify(value, null, 2))}\n`);
}
