import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/model/packagePaths.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`bin/vitals.js`, as `npx vitals` would) in a child process. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [join(packageRoot(), 'bin', 'vitals.js'), ...args], {
    cwd: options.cwd ?? packageRoot(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The same, without blocking this process: for tests whose emulators run in this process (a
 * synchronous spawn would freeze them) or that signal the child while it runs.
 */
export function startCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'vitals.js'), ...args], {
    cwd: options.cwd ?? packageRoot(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  return { child, done };
}

export function runCliAsync(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/**
 * The built CLI on a pseudo-terminal, as a person at a shell runs it: node has no pty module, so
 * util-linux `script` provides one. stdout and stderr arrive merged, as on a screen.
 */
export function runCliInTerminal(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ status: number | null; screen: string }> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, join(packageRoot(), 'bin', 'vitals.js'), ...args].map(quote).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: options.cwd ?? packageRoot(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout!.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, screen })));
}

/** What a terminal shows for `output`: `\r` returns to the line's start, `ESC[K` clears to its end. */
export function visibleLines(output: string): string[] {
  const lines: string[] = [];
  let line = '';
  let col = 0;
  for (let i = 0; i < output.length; i++) {
    const c = output[i]!;
    if (c === '\n') {
      lines.push(line);
      line = '';
      col = 0;
    } else if (c === '\r') col = 0;
    else if (output.startsWith('\u001b[K', i)) {
      line = line.slice(0, col);
      i += 2;
    } else {
      line = line.slice(0, col) + c + line.slice(col + 1);
      col += 1;
    }
  }
  if (line) lines.push(line);
  return lines;
}
