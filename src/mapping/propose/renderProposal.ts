import { stringify } from 'yaml';
import type { FieldMatch } from './matchField.js';
import type { Proposal, ProposedField, ProposedObject } from './proposeMapping.js';

/** Who the file is for and when it was proposed, for its header. */
export interface ProposalHeader {
  connector: string;
  crm: string;
  date: string;
}

const COMMENT_AT = 40;
const WIDTH = 100;

const scalar = (value: string | number): string => stringify(value).trimEnd();

/** `key: value` with its comment aligned, as a person would lay the file out. */
function line(indent: number, key: string, value: string, comment?: string): string {
  const text = `${' '.repeat(indent)}${scalar(key)}:${value ? ` ${value}` : ''}`;
  return comment ? `${text.padEnd(COMMENT_AT - 1)} # ${comment}` : text;
}

/** A comment paragraph folded to the file's width. */
function comment(indent: number, text: string): string[] {
  const prefix = `${' '.repeat(indent)}# `;
  const out: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && prefix.length + current.length + word.length + 1 > WIDTH) {
      out.push(prefix + current);
      current = '';
    }
    current = current ? `${current} ${word}` : word;
  }
  if (current) out.push(prefix + current);
  return out;
}

function alternative(match: FieldMatch): string {
  return `${match.field.name} (${match.on[0]})`;
}

function fieldLines(indent: number, field: ProposedField): string[] {
  if (field.source === undefined) {
    return comment(indent, `${field.key}: not found${field.loses ? `. Without it ${field.loses}` : ' (optional)'}`);
  }
  if (typeof field.source !== 'string') return [line(indent, field.key, `{ association: ${scalar(field.source.association)} }`, field.on.join('; '))];
  const type = field.described ? ` (${field.described.type})` : '';
  const also = field.alternatives.length ? `; also: ${field.alternatives.slice(0, 2).map(alternative).join(', ')}` : '';
  return [line(indent, field.key, scalar(field.source), `${field.on.join(', ')}${type}${also}`)];
}

function objectLines(o: ProposedObject): string[] {
  const out = [line(2, o.object, ''), line(4, 'source', scalar(o.source))];
  if (o.unreadable) out.push(...comment(4, `${o.source} shows no fields: the object does not exist or the integration user cannot read it`));
  out.push(line(4, 'fields', ''));
  for (const field of o.fields) out.push(...fieldLines(6, field));
  if (o.object === 'accounts') {
    const found = o.extras.some((e) => e.source !== undefined);
    out.push(found ? line(4, 'extras', '', 'numeric fields scored as measures (`scoring.extras`)') : line(4, 'extras', '{}', 'none found: numeric fields scored as measures go here'));
    for (const extra of o.extras) out.push(...fieldLines(6, extra));
    if (o.segmentField) out.push(line(4, 'segmentField', scalar(o.segmentField), 'kept from the mapping in use'));
  }
  if (o.values.length) {
    out.push(line(4, 'values', '', 'the org’s picklist values → canonical values'));
    for (const table of o.values) {
      out.push(line(6, table.canonical, '', table.canonical === 'type' ? 'new | renewal | expansion | other' : 'low | medium | high | urgent'));
      for (const entry of table.entries) out.push(line(8, entry.crm, entry.canonical, entry.why));
      if (table.other) out.push(line(8, '*', table.other, 'any other value'));
    }
  }
  if (Object.keys(o.scale).length) {
    out.push(line(4, 'scale', '', 'factor to the canonical unit, kept from the mapping in use'));
    for (const [canonical, factor] of Object.entries(o.scale)) out.push(line(6, canonical, scalar(factor)));
  }
  for (const canonical of o.droppedScales) out.push(...comment(4, `scale.${canonical} of the mapping in use left out: its field changed, so check the new one's unit`));
  return out;
}

/** The proposal as a mapping file: valid YAML for `mappingSchema`, every choice explained in a comment. */
export function renderProposal(proposal: Proposal, header: ProposalHeader): string {
  const out = [
    ...comment(0, `Field mapping for the connector ${header.connector} (${header.crm}), proposed by \`vitals map\` from the org's live schema on ${header.date}.`),
    '# Canonical field (left) <- the org field API name (right). Each entry says what it matched on',
    '# and which other fields could hold it. Fields the org does not have are left out, with what the',
    '# score loses: the run goes on without them. Edit freely; `vitals validate` checks every name',
    '# against the org, and `vitals map --force` proposes again, keeping choices you made here.',
  ];
  for (const warning of proposal.warnings) out.push(...comment(0, `CHECK: ${warning}`));
  out.push('objects:');
  for (const o of proposal.objects) out.push(...objectLines(o));
  out.push('');
  out.push('# Where scores are written: `vitals setup-fields` creates the fields (or lists what an admin creates).');
  out.push('# policy: always (default) | if-unchanged (keep a person’s edit) | if-empty');
  out.push('writeback:', line(2, 'object', scalar(proposal.writeback.object)), line(2, 'fields', ''));
  for (const f of proposal.writeback.fields) {
    const value = f.policy === 'always' ? scalar(f.field) : `{ field: ${scalar(f.field)}, policy: ${f.policy} }`;
    out.push(line(4, f.output, value, f.present ? 'present' : 'not in the org yet: `vitals setup-fields`'));
  }
  out.push('');
  out.push('tasks:', line(2, 'object', scalar(proposal.tasks.object)));
  out.push(line(2, 'dedupeField', scalar(proposal.tasks.dedupeField), proposal.tasks.present ? 'present' : 'not in the org yet: `vitals setup-fields`'));
  return `${out.join('\n')}\n`;
}
