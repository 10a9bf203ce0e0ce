import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { packageRoot } from '../../src/model/packagePaths.js';

/**
 * Which layer may import which, checked on the sources themselves so a wrong import fails here
 * and not in review. Paths are relative to the package root, with `/`; a rule applies to every
 * file under `from` and refuses imports of anything under a `mayNotImport` prefix unless it is
 * also under an `except` prefix.
 */
interface ImportRule {
  why: string;
  from: string;
  mayNotImport: readonly string[];
  except?: readonly string[];
}

const RULES: readonly ImportRule[] = [
  {
    why: 'the state stores the canonical model and knows nothing of the engine that reads it',
    from: 'state/',
    mayNotImport: ['src/'],
    except: ['src/model/'],
  },
  {
    why: 'the canonical model is the shared vocabulary, so it depends on no layer',
    from: 'src/model/',
    mayNotImport: ['src/', 'state/', 'connectors/'],
    except: ['src/model/'],
  },
  {
    why: 'the engine never runs against an emulator: only the demo and `vitals emulate` serve them',
    from: 'src/',
    mayNotImport: ['emulators/'],
  },
  {
    why: 'a connector runtime talks to its CRM through the SDK alone; its definition names its emulator by name',
    from: 'connectors/',
    mayNotImport: ['emulators/'],
  },
  {
    why: 'a usage source reads its data through its own client and sees only the contract, like a connector',
    from: 'src/usage/sources/',
    mayNotImport: ['src/', 'state/', 'connectors/', 'emulators/'],
    except: ['src/contracts/', 'src/usage/sources/'],
  },
  {
    why: 'the state keeps what the engine pulled, never what an emulator holds',
    from: 'state/',
    mayNotImport: ['emulators/'],
  },
  {
    why: 'an emulator is a CRM: it may read the contract and the model, never the engine or the state',
    from: 'emulators/',
    mayNotImport: ['src/', 'state/'],
    except: ['src/contracts/', 'src/model/'],
  },
];

/** The two places in the engine that serve emulators on purpose. */
const SERVES_EMULATORS = ['src/demo/demo.ts', 'src/cli/commands/emulate.ts'];

const SCANNED = ['src', 'state', 'connectors', 'emulators'];

/** Static imports and re-exports (over several lines too), side-effect imports, and `import()`. */
const SPECIFIERS = [
  /^\s*(?:import|export)\s[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1/gm,
  /^\s*import\s*(['"])([^'"]+)\1/gm,
  /\bimport\(\s*(['"])([^'"]+)\1\s*\)/g,
];

function importSpecifiers(source: string): string[] {
  return SPECIFIERS.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[2]!));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(packageRoot(), dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface Import {
  file: string;
  specifier: string;
  /** Root-relative path of the imported module, without extension; null for a package. */
  target: string | null;
}

function importsOf(file: string): Import[] {
  const root = packageRoot();
  return importSpecifiers(readFileSync(join(root, file), 'utf8')).map((specifier) => {
    if (!specifier.startsWith('.')) return { file, specifier, target: null };
    const absolute = resolve(dirname(join(root, file)), specifier);
    return { file, specifier, target: relative(root, absolute).split(sep).join('/').replace(/\.[cm]?[jt]s$/, '') };
  });
}

function breaks(rule: ImportRule, i: Import): boolean {
  if (!i.file.startsWith(rule.from) || i.target === null) return false;
  if (SERVES_EMULATORS.includes(i.file) && i.target.startsWith('emulators/')) return false;
  const target = i.target;
  const under = (prefix: string) => target.startsWith(prefix) || `${target}/` === prefix;
  return rule.mayNotImport.some(under) && !(rule.except ?? []).some(under);
}

const allImports = SCANNED.flatMap(sourceFiles).flatMap(importsOf);

describe('import specifiers', () => {
  it('are found in every form the sources use', () => {
    const source = [
      "import { a } from './a.js';",
      'import type {',
      '  B,',
      '  C,',
      "} from '../b.js';",
      "export { d } from './d.js';",
      "export * from './e.js';",
      "import './f.js';",
      "const g = await import('./g.js');",
      "import Database from 'better-sqlite3';",
    ].join('\n');
    expect(importSpecifiers(source).sort()).toEqual(['../b.js', './a.js', './d.js', './e.js', './f.js', './g.js', 'better-sqlite3']);
  });

  it('are read from the sources (the rules below are not checked against nothing)', () => {
    for (const dir of SCANNED) expect(allImports.filter((i) => i.file.startsWith(`${dir}/`)).length).toBeGreaterThan(10);
    expect(allImports.some((i) => i.file.startsWith('state/') && i.target?.startsWith('src/model/'))).toBe(true);
  });
});

describe.each(RULES)('files under $from', (rule) => {
  it(`import nothing under ${rule.mayNotImport.join(', ')}${rule.except ? ` but ${rule.except.join(', ')}` : ''}: ${rule.why}`, () => {
    expect(allImports.filter((i) => breaks(rule, i)).map((i) => `${i.file} imports ${i.specifier}`)).toEqual([]);
  });
});
