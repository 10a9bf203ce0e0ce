import { readFileSync } from 'node:fs';
import { invalidValue } from '../../../connectors/hubspot/batchOutcomes.js';
import { translateError } from '../../../connectors/hubspot/errors.js';
import { startingCursor } from '../../../connectors/hubspot/cursor.js';
import type { HubSpotProperty } from '../../../connectors/hubspot/describeFields.js';
import { propertyCreate } from '../../../connectors/hubspot/ensureFields.js';
import { orderLinks } from '../../../connectors/hubspot/records.js';
import { taskProperties } from '../../../connectors/hubspot/taskProperties.js';
import { parseYaml } from '../../../src/config/yamlSource.js';
import { mappingSchema } from '../../../src/mapping/mappingSchema.js';
import { packageFile } from '../../../src/model/packagePaths.js';
import { scoreFieldSpecs } from '../../../src/writeback/scoreFieldSpecs.js';

const NOW = 1_800_000_000_000;
const LOOKBACK = 300_000;

describe('hubspot connector pieces', () => {
  it.each([
    ['no cursor: a full list pull', null, undefined, { phase: 'list', modifiedFrom: NOW, readStartedAt: NOW, archivedFrom: 0 }],
    ['backfill --since: search from that instant', null, '2026-01-01T00:00:00.000Z', { phase: 'search', modifiedFrom: Date.parse('2026-01-01T00:00:00.000Z') }],
    ['an unreadable cursor: a full pull', { at: 'x' }, undefined, { phase: 'list' }],
    ['mid-phase: resumes exactly', { v: 1, phase: 'search', modifiedFrom: 5, sliceAfterId: '42', readStartedAt: 9, archivedFrom: 1 }, undefined, { phase: 'search', modifiedFrom: 5, sliceAfterId: '42', readStartedAt: 9 }],
    ['idle, last read long ago: from the last stamp', { v: 1, phase: 'idle', modifiedFrom: NOW - 3_600_000, readStartedAt: NOW - 60_000, archivedFrom: 1 }, undefined, { phase: 'search', modifiedFrom: NOW - 3_600_000, readStartedAt: NOW }],
    ['idle, changes just before the last read: looks back for search lag', { v: 1, phase: 'idle', modifiedFrom: NOW - 1_000, readStartedAt: NOW - 2_000, archivedFrom: 1 }, undefined, { phase: 'search', modifiedFrom: NOW - 2_000 - LOOKBACK }],
  ])('starting cursor, %s', (_name, since, modifiedSince, expected) => {
    expect(startingCursor({ since, modifiedSince }, LOOKBACK, NOW)).toMatchObject(expected);
  });

  it('orders associated ids primary first, then by numeric id, without repeats', () => {
    expect(orderLinks([{ id: '900', primary: false }, { id: '1000', primary: true }, { id: '80', primary: false }, { id: '1000', primary: false }])).toEqual(['1000', '80', '900']);
  });

  it('derives the score properties and the (plain text) task key from the mapping, renamed fields included', () => {
    const written = parseYaml(readFileSync(packageFile('mappings', 'hubspot.yaml'), 'utf8'), 'hubspot.yaml').value as { writeback: { fields: Record<string, unknown> } };
    written.writeback.fields.health_score = { field: 'acme_health', policy: 'if-unchanged' };
    delete written.writeback.fields.health_drivers;
    const specs = scoreFieldSpecs(mappingSchema.parse(written));
    expect(specs.map((s) => `${s.object}.${s.name}:${s.type}${s.taskKey ? ':key' : ''}`)).toEqual([
      'companies.acme_health:number',
      'companies.vitals_health_band:enumeration',
      'companies.vitals_churn_risk:percent',
      'companies.vitals_health_trend:text',
      'companies.vitals_scored_at:datetime',
      'tasks.vitals_key:text:key',
    ]);
    expect(propertyCreate(specs[1]!)).toMatchObject({ type: 'enumeration', fieldType: 'select', groupName: 'crm_vitals', options: [{ value: 'red', label: 'Red' }, { value: 'yellow' }, { value: 'green' }] });
    expect(propertyCreate(specs[5]!)).toMatchObject({ type: 'string', fieldType: 'text', groupName: 'crm_vitals' });
    // HubSpot refuses unique values on tasks: the key property never asks for them.
    expect(propertyCreate(specs[5]!)).not.toHaveProperty('hasUniqueValue');
  });

  const property = (name: string, type: string, extra: Partial<HubSpotProperty> = {}): [string, HubSpotProperty] => [
    name,
    { name, label: name, type, fieldType: 'text', groupName: 'g', options: [], ...extra },
  ];
  const properties = new Map([
    property('score', 'number'),
    property('band', 'enumeration', { fieldType: 'select', options: [{ value: 'red', label: 'Red' }, { value: 'green', label: 'Green' }] }),
    property('at', 'datetime'),
    property('calc', 'number', { calculated: true }),
  ]);
  it.each([
    ['score', 55, undefined],
    ['score', null, undefined],
    ['score', 'n/a', 'INVALID_INTEGER'],
    ['band', 'green', undefined],
    ['band', 'purple', 'INVALID_OPTION'],
    ['at', '2026-11-20T06:00:00.000Z', undefined],
    ['at', 'yesterday', 'INVALID_DATETIME'],
    ['calc', 1, 'READ_ONLY_VALUE'],
    ['nope', 1, 'PROPERTY_DOESNT_EXIST'],
  ])('checks %s = %p before sending: %s', (name, value, code) => {
    expect(invalidValue(properties, name, value as string | number | null)?.errorCode).toBe(code);
  });

  it('names a task\'s properties as HubSpot does: open tasks NOT_STARTED, closes COMPLETED, the key in its property', () => {
    const task = { dedupeKey: 'k', accountId: '1', ownerId: null, subject: 's', body: 'b', dueDate: '2026-12-01', priority: 'low' as const, status: 'open' as const };
    expect(taskProperties(task, 'vitals_key')).toMatchObject({ hs_task_status: 'NOT_STARTED', hs_task_priority: 'LOW', hs_timestamp: '2026-12-01T12:00:00.000Z', vitals_key: 'k' });
    expect(taskProperties({ ...task, status: 'completed' }, 'acme_key')).toMatchObject({ hs_task_status: 'COMPLETED', acme_key: 'k' });
    expect(taskProperties(task, 'vitals_key')).not.toHaveProperty('hubspot_owner_id');
  });

  it('names the path, not every requested property, when HubSpot cannot be reached', () => {
    const refused = Object.assign(new Error('request to http://127.0.0.1:4020/crm/v3/objects/companies?limit=100&properties=name&properties=segment&archived=false failed, reason: connect ECONNREFUSED 127.0.0.1:4020'), { code: 'ECONNREFUSED' });
    expect(translateError(refused, 'list companies')).toMatchObject({
      code: 'HUBSPOT_NETWORK',
      message: 'HubSpot list companies: request to http://127.0.0.1:4020/crm/v3/objects/companies failed, reason: connect ECONNREFUSED 127.0.0.1:4020',
    });
  });
});
