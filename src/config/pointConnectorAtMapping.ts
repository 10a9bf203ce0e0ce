import { isMap, isScalar, isSeq, parseDocument, type Pair, type YAMLMap } from 'yaml';

interface Edit {
  from: number;
  to: number;
  text: string;
}

const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
const nextLine = (text: string, at: number) => {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end + 1;
};

/**
 * The config text with one connector reading `mappingPath` and its `mappingOverrides` taken out
 * (the written mapping holds what they said). Edited in place on the text, so every other line,
 * comment, alignment and `${VARIABLE}` stays exactly as the person wrote it.
 */
export function pointConnectorAtMapping(configText: string, connector: string, mappingPath: string): { text: string; removedOverrides: boolean } {
  const doc = parseDocument(configText);
  const connectors = doc.get('connectors');
  const entry = isSeq(connectors) ? connectors.items.find((item) => isMap(item) && item.get('name') === connector) : undefined;
  if (!isMap(entry)) throw new Error(`connector ${connector} is not in the config's connectors list`);
  if (entry.flow) {
    // A one-line `{ name: ..., type: ... }` entry: set the keys on the document, which re-lays it out.
    entry.set('mapping', mappingPath);
    const removedOverrides = entry.delete('mappingOverrides');
    return { text: doc.toString({ lineWidth: 0 }), removedOverrides };
  }
  const pairOf = (key: string) => (entry as YAMLMap).items.find((p): p is Pair => isScalar(p.key) && p.key.value === key);
  const edits: Edit[] = [];

  const mapping = pairOf('mapping');
  const value = /^[\w./-]+$/.test(mappingPath) ? mappingPath : JSON.stringify(mappingPath);
  if (mapping && isScalar(mapping.value) && mapping.value.range) {
    edits.push({ from: mapping.value.range[0], to: mapping.value.range[1], text: value });
  } else {
    // After `type:` (or the entry's first key), indented like it.
    const anchor = (pairOf('type') ?? entry.items[0]) as Pair;
    const keyAt = (anchor.key as { range: [number, number, number] }).range[0];
    const indent = keyAt - lineStart(configText, keyAt);
    const at = nextLine(configText, ((anchor.value ?? anchor.key) as { range: [number, number, number] }).range[1]);
    edits.push({ from: at, to: at, text: `${' '.repeat(indent)}mapping: ${value}   # written by \`vitals map\`\n` });
  }

  const overrides = pairOf('mappingOverrides');
  if (overrides) {
    const keyAt = (overrides.key as { range: [number, number, number] }).range[0];
    const valueEnd = (overrides.value as { range: [number, number, number] } | null)?.range[2] ?? keyAt;
    const indent = keyAt - lineStart(configText, keyAt);
    const to = configText[valueEnd - 1] === '\n' ? valueEnd : nextLine(configText, valueEnd);
    edits.push({ from: lineStart(configText, keyAt), to, text: `${' '.repeat(indent)}# mappingOverrides: folded into ${mappingPath} by \`vitals map\`\n` });
  }

  let text = configText;
  for (const edit of edits.sort((a, b) => b.from - a.from)) text = text.slice(0, edit.from) + edit.text + text.slice(edit.to);
  return { text, removedOverrides: overrides !== undefined };
}
