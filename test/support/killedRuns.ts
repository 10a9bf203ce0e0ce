import type { EndpointPatterns } from '../../emulators/emulatorKit.js';
import { packageFile } from '../../src/model/packagePaths.js';
import { seededRandom } from '../../emulators/http/faults.js';
import type { EmulatorRequest } from '../../emulators/http/router.js';
import { NOW, type Crm, type CrmUnderTest } from './convergence.js';
import { startCli, type CliResult } from './runCli.js';

/**
 * `vitals run` as cron runs it (the built CLI in its own process, `npm run build` first) against
 * a harness CRM, optionally SIGKILLed when the CRM sees its Kth request. The child reads the
 * harness clock (`NOW`) through a preloaded module, so its scores compare with in-process runs.
 */

export type Phase = 'sync' | 'write-back' | 'tasks';

export interface KillPoint {
  phase: Phase;
  /** The request of the run (1 = its first) at whose arrival the kill is sent. */
  atCall: number;
  /** Delay after that arrival: 0 kills with the call in flight (the CRM still carries it out). */
  delayMs: number;
}

export interface CliRunResult extends CliResult {
  signal: NodeJS.Signals | null;
  /** Requests the CRM saw from this run. */
  calls: number;
}

const FIXED_CLOCK = packageFile('test', 'support', 'fixedClock.mjs');

export async function runVitals(env: CrmUnderTest, options: { kill?: KillPoint; logLevel?: string; args?: string[] } = {}): Promise<CliRunResult> {
  const base = env.totalCalls();
  const kill = options.kill;
  return runKilledAt(env, kill ? (_request, total) => total - base === kill.atCall : undefined, kill?.delayMs ?? 0, options);
}

/** `vitals run`, SIGKILLed as the CRM receives the first request `when` picks (with that request in flight). */
export function startKilledAt(env: CrmUnderTest, when: (request: EmulatorRequest) => boolean): Promise<CliRunResult> {
  return runKilledAt(env, (request) => when(request), 0, {});
}

async function runKilledAt(
  env: CrmUnderTest,
  when: ((request: EmulatorRequest, total: number) => boolean) | undefined,
  delayMs: number,
  options: { logLevel?: string; args?: string[] },
): Promise<CliRunResult> {
  const base = env.totalCalls();
  const { child, done } = startCli(['-c', env.configFile, 'run', ...(options.args ?? [])], {
    env: {
      ...env.env,
      VITALS_TEST_NOW: NOW.toISOString(),
      NODE_OPTIONS: `--import=${FIXED_CLOCK}`,
      VITALS_LOG_LEVEL: options.logLevel ?? 'warn',
      VITALS_LOG_FORMAT: 'json',
    },
  });
  if (when) {
    let sent = false;
    env.onRequest((_endpoint, total, request) => {
      if (sent || !when(request, total)) return;
      sent = true;
      if (delayMs === 0) child.kill('SIGKILL');
      else setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
  }
  try {
    const result = await done;
    return { ...result, signal: child.signalCode, calls: env.totalCalls() - base };
  } finally {
    env.onRequest(undefined);
  }
}

/**
 * Which requests of a fault-free first run belong to which phase, from the endpoints the CRM saw
 * in order: sync until the first score write, write-back until the first task call, then tasks.
 */
export function phasesOf(patterns: EndpointPatterns, endpoints: readonly string[]): Record<Phase, number[]> {
  const scoreWrite = patterns.fieldWrites;
  const taskCall = patterns.taskCreates;
  const firstWrite = endpoints.findIndex((e) => scoreWrite.test(e));
  const firstTask = endpoints.findIndex((e, i) => i > firstWrite && taskCall.test(e));
  if (firstWrite < 0 || firstTask < 0) throw new Error(`no write-back or task call among ${endpoints.join(', ')}`);
  const calls = endpoints.map((_, i) => i + 1);
  return {
    sync: calls.slice(0, firstWrite),
    'write-back': calls.slice(firstWrite, firstTask),
    tasks: calls.slice(firstTask),
  };
}

/**
 * `count` kill points spread over the phases (seeded): each phase gets its share, at a random
 * request of it, killed either with that request in flight or a few milliseconds later (once its
 * answer may have been committed).
 */
export function killPoints(phases: Record<Phase, number[]>, count: number, seed: number): KillPoint[] {
  const random = seededRandom(seed);
  const order: Phase[] = ['sync', 'write-back', 'tasks'];
  const points: KillPoint[] = [];
  for (let i = 0; i < count; i++) {
    const phase = order[i % order.length]!;
    const calls = phases[phase];
    const atCall = calls[Math.floor(random() * calls.length)]!;
    const delayMs = random() < 0.5 ? 0 : 1 + Math.floor(random() * 40);
    points.push({ phase, atCall, delayMs });
  }
  return points;
}
