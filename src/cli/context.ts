import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/loadConfig.js';
import type { Config } from '../config/config.js';
import { configureLogging } from '../log/logger.js';

export interface GlobalOptions {
  config: string;
}

/** Loads the config named by `-c` and applies its log settings. */
export async function configFor(command: Command): Promise<Config> {
  const { config: file } = command.optsWithGlobals<GlobalOptions>();
  const config = await loadConfig(resolve(file));
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

let reported: number = 0;

/** A command that finished but did not succeed says so here (thrown errors map through `exitCodeFor`). */
export function reportExitCode(code: number): void {
  reported = Math.max(reported, code);
}

export function takeReportedExitCode(): number {
  const code = reported;
  reported = 0;
  return code;
}
