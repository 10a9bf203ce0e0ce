import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Measured {
  wallMs: number;
  /** Peak resident set of the measured process alone (emulators run elsewhere). */
  peakRssMb: number;
  cpuMs: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

const usageReporter = fileURLToPath(new URL('./reportUsage.js', import.meta.url));

/**
 * Runs `node <script> <args>` in a child process and measures it from outside (wall time, start
 * to exit, node's own start-up included) and from inside (peak RSS and CPU, reported at exit).
 * `nodeOptions` adds flags such as `--cpu-prof`.
 */
export async function measureProcess(script: string, args: string[], options: { env?: NodeJS.ProcessEnv; nodeOptions?: string[]; cwd?: string } = {}): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'vitals-bench-usage-'));
  const usageFile = join(dir, 'usage.json');
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), '--import', usageReporter, script, ...args], {
    cwd: options.cwd,
    env: { ...process.env, VITALS_LOG_LEVEL: 'warn', ...options.env, VITALS_BENCH_USAGE_FILE: usageFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const wallMs = performance.now() - started;
  let usage = { maxRssKb: 0, userMs: 0, systemMs: 0 };
  try {
    usage = JSON.parse(readFileSync(usageFile, 'utf8')) as typeof usage;
  } catch {
    // The process died before its exit hook: no usage figures.
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    wallMs,
    peakRssMb: usage.maxRssKb / 1024,
    cpuMs: usage.userMs + usage.systemMs,
    exitCode,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}
