import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchCrm, CallCounts, EmulatorInfo, EmulatorReply, EmulatorRequest } from './emulatorProtocol.js';

type Op = EmulatorRequest extends infer R ? (R extends { op: infer O } ? O : never) : never;

export interface BenchEmulator {
  info: EmulatorInfo;
  /** Peak RSS of the emulator process is not the engine's: it is reported apart, if at all. */
  pid: number;
  counts(): Promise<CallCounts>;
  resetCounts(): Promise<void>;
  /** CPU ms the emulator process has used so far. */
  cpuMs(): Promise<number>;
  /** Edits one record in `every` of accounts, opportunities and tickets; resolves to how many per object. */
  change(every: number): Promise<Record<string, number>>;
  sampleIds(count: number): Promise<string[]>;
  close(): Promise<void>;
}

/** Forks `emulatorProcess.js` for one CRM and size, and waits until it listens. */
export async function startBenchEmulator(options: { crm: BenchCrm; accounts: number; seed: number; requestsPer10s: number }): Promise<BenchEmulator> {
  const script = fileURLToPath(new URL('./emulatorProcess.js', import.meta.url));
  const child: ChildProcess = fork(
    script,
    ['--crm', options.crm, '--accounts', String(options.accounts), '--seed', String(options.seed), '--requests-per-10s', String(options.requestsPer10s)],
    { execArgv: ['--max-old-space-size=12288'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const info = await new Promise<EmulatorInfo>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${options.crm} emulator exited (${code}) before it was ready`)));
    child.once('message', (message: { ready?: EmulatorInfo }) => (message.ready ? resolve(message.ready) : reject(new Error('unexpected first message'))));
  });
  child.removeAllListeners('exit');
  let next = 1;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on('message', (reply: EmulatorReply) => {
    const pending = waiting.get(reply.id);
    if (!pending) return;
    waiting.delete(reply.id);
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(new Error(`emulator: ${reply.error}`));
  });
  child.on('exit', (code) => {
    for (const pending of waiting.values()) pending.reject(new Error(`the emulator exited (${code})`));
    waiting.clear();
  });
  const ask = <T>(op: Op, extra: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, op, ...extra });
    });
  return {
    info,
    pid: child.pid!,
    counts: () => ask<CallCounts>('counts'),
    resetCounts: () => ask<void>('reset'),
    cpuMs: () => ask<number>('cpu'),
    change: (every) => ask<Record<string, number>>('change', { every }),
    sampleIds: (count) => ask<string[]>('sampleIds', { count }),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await ask('close').catch(() => undefined);
      await exited;
    },
  };
}
