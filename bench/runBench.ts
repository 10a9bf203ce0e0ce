import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emulatedConnectors } from '../emulators/registry.js';
import { benchCrm, type CrmSizeResult } from './benchCrm.js';
import type { BenchCrm } from './emulatorProtocol.js';
import { renderResults } from './renderResults.js';

const USAGE = `npm run bench [-- options]

  --sizes 10000,100000        book sizes in accounts (default both)
  --crm <type>                one connector type only (default every registered connector with an emulator)
  --hubspot-limit 190         HubSpot requests per 10 s (a CRM limited over a rolling window), emulator and connector alike
                              (100 default tier, 190 Pro; default 190)
  --naive-writes 1000         accounts the naive baseline updates one call each (extrapolated; default 1000)
  --naive-pages 500           HubSpot pages per object the naive pull reads (0: all; extrapolated; default 500)
  --out bench/results.md      where the figures go (default bench/results.md)
  --profile DIR               write a --cpu-prof profile of every engine step into DIR
  --seed 42                   book seed`;

interface Args {
  sizes: number[];
  crms: BenchCrm[];
  hubspotLimit: number;
  naiveWrites: number;
  naivePages: number;
  out: string;
  profileDir?: string;
  seed: number;
}

function parseArgs(argv: string[], types: string[]): Args {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const args: Args = { sizes: [10_000, 100_000], crms: types, hubspotLimit: 190, naiveWrites: 1000, naivePages: 500, out: resolve(root, 'bench/results.md'), seed: 42 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    const need = (): string => {
      if (value === undefined) throw new Error(`${flag} needs a value\n\n${USAGE}`);
      i++;
      return value;
    };
    const whole = (): number => {
      const n = Number(need().replace(/[_,]/g, ''));
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} expects a whole number`);
      return n;
    };
    switch (flag) {
      case '--sizes':
        args.sizes = need().split(',').map((s) => Number(s.replace(/_/g, '')));
        if (args.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes expects whole numbers, e.g. 10000,100000');
        break;
      case '--crm': {
        const crm = need();
        if (!types.includes(crm)) throw new Error(`--crm expects a connector type with an emulator: ${types.join(', ')}`);
        args.crms = [crm];
        break;
      }
      case '--hubspot-limit':
        args.hubspotLimit = whole();
        break;
      case '--naive-writes':
        args.naiveWrites = whole();
        break;
      case '--naive-pages':
        args.naivePages = whole();
        break;
      case '--out':
        args.out = resolve(need());
        break;
      case '--profile':
        args.profileDir = resolve(need());
        break;
      case '--seed':
        args.seed = whole();
        break;
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag}\n\n${USAGE}`);
    }
  }
  return args;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = parseArgs(argv, (await emulatedConnectors()).map((c) => c.type));
  if (args.profileDir) mkdirSync(args.profileDir, { recursive: true });
  const started = new Date();
  const results: CrmSizeResult[] = [];
  const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  for (const size of args.sizes) {
    for (const crm of args.crms) {
      results.push(
        await benchCrm(crm, size, {
          seed: args.seed,
          hubspotRequestsPer10s: args.hubspotLimit,
          naiveWriteSample: args.naiveWrites,
          naivePullPages: args.naivePages,
          profileDir: args.profileDir,
          log,
        }),
      );
    }
  }
  const cpu = cpus();
  const markdown = renderResults(results, {
    machine: `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${platform()} ${release()}, Node ${process.version}`,
    date: started.toISOString(),
    durationS: (Date.now() - started.getTime()) / 1000,
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
  });
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, markdown);
  // The raw figures beside the table, without each command's own --json output (plans, samples).
  writeFileSync(args.out.replace(/\.md$/, '') + '.json', `${JSON.stringify(results, (key, value: unknown) => (key === 'json' ? undefined : value), 1)}\n`);
  process.stdout.write(markdown);
  log(`figures written to ${args.out}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
