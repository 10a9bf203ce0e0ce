import { builtinConnector } from '../connectors/registry.js';
import { generateBook } from '../emulators/book/generateBook.js';
import { picked } from '../emulators/emulatorKit.js';
import { loadEmulatorKit } from '../emulators/registry.js';
import type { EmulatorInfo, EmulatorReply, EmulatorRequest } from './emulatorProtocol.js';

/**
 * One CRM emulator in a process of its own (forked by the bench with an IPC channel), so the
 * engine's peak RSS is measured without the emulator's gigabytes. The emulator is the kit of the
 * connector type `--crm` names. The bench asks it, over IPC, for the calls it answered (counted
 * here, not by the client), to reset them, and to change a share of the records as a person would.
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const crm = args.get('crm') ?? '';
const accounts = Number(args.get('accounts') ?? 10_000);
const requestsPer10s = Number(args.get('requests-per-10s') ?? 100);

const definition = builtinConnector(crm);
if (!definition) throw new Error(`no registered connector of type "${crm}"`);
const kit = await loadEmulatorKit(definition);
const { apiShape } = kit;
const book = generateBook({ accounts, seed: Number(args.get('seed') ?? 42) });
// A burst limit over a rolling window (HubSpot's) is the emulator's and the connector's alike.
const emulator = await kit.start({ book, ...(apiShape.rollingWindowMs ? { native: { requestsPer10s } } : {}) });

const { fieldWrites, taskCreates, singleWrites, login } = emulator.endpoints;
const info: EmulatorInfo = {
  crm,
  label: kit.label,
  url: emulator.url,
  records: { owners: book.users.length, accounts: book.accounts.length, opportunities: book.opportunities.length, tickets: book.tickets.length },
  env: emulator.env,
  connectorYaml: emulator.connectorYaml,
  apiShape: {
    page: apiShape.page,
    writeBatch: apiShape.writeBatch,
    ...(apiShape.rollingWindowMs ? { rollingWindowMs: apiShape.rollingWindowMs } : {}),
    ownersCalls: apiShape.ownersCalls(book.users.length),
    noChangeCalls: apiShape.noChangeCalls(book.users.length),
  },
  endpoints: { fieldWrites: fieldWrites.source, taskCreates: taskCreates.source, singleWrites: singleWrites.source, ...(login ? { login: login.source } : {}) },
};
process.send!({ ready: info });

process.on('message', (message: EmulatorRequest) => {
  let reply: EmulatorReply;
  try {
    reply = { id: message.id, ok: true, result: handle(message) };
  } catch (error) {
    reply = { id: message.id, ok: false, error: (error as Error).stack ?? String(error) };
  }
  process.send!(reply);
  if (message.op === 'close') void emulator.close().then(() => process.exit(0));
});
process.on('disconnect', () => void emulator.close().then(() => process.exit(0)));

function handle(message: EmulatorRequest): unknown {
  switch (message.op) {
    case 'counts':
      return { total: emulator.totalCalls(), byEndpoint: emulator.callCounts() };
    case 'reset':
      emulator.resetCallCounts();
      return null;
    case 'cpu': {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    }
    case 'change':
      return emulator.data.changeEvery(message.every);
    case 'sampleIds': {
      const all = emulator.data.accountIds();
      const every = Math.max(1, Math.floor(all.length / message.count));
      const ids: string[] = [];
      for (const i of picked(all.length, every)) {
        if (ids.length === message.count) break;
        ids.push(all[i]!);
      }
      return ids;
    }
    case 'close':
      return null;
  }
}
