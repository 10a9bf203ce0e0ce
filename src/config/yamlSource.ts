import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { ConfigError, type ConfigProblem } from '../model/errors.js';

export type KeyPath = (string | number)[];

/** A parsed YAML file that can say on which line a key path stands, for error messages. */
export interface YamlSource {
  file: string;
  value: unknown;
  lineOf(path: KeyPath): number | undefined;
}

export function readYamlFile(file: string, displayName = file): YamlSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(displayName, [{ path: '', message: `${reason}; create it with \`vitals init\` or pass -c FILE` }]);
  }
  return parseYaml(text, displayName);
}

export function parseYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    // Later syntax errors are nearly always echoes of the first one.
    const hint = /flow-map|flow map/i.test(first.message) ? ' (a value containing ${...} inside { } must be quoted: "${NAME}")' : '';
    const problem: ConfigProblem = {
      path: '',
      message: `YAML syntax error: ${first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}${hint}`,
      line: first.linePos?.[0]?.line,
    };
    throw new ConfigError(file, [problem]);
  }
  return {
    file,
    value: doc.toJS() as unknown,
    lineOf: (path) => lineOf(doc, lineCounter, path),
  };
}

function lineOf(doc: Document, lineCounter: LineCounter, path: KeyPath): number | undefined {
  // The deepest node that exists: a misspelt leaf still points at its parent's line.
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** `connectors[0].auth.clientId` from `['connectors', 0, 'auth', 'clientId']`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
