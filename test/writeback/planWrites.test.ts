import { readFileSync } from 'node:fs';
import { parseYaml } from '../../src/config/yamlSource.js';
import { mappingSchema } from '../../src/mapping/mappingSchema.js';
import { packageFile } from '../../src/model/packagePaths.js';
import { planWrites, type KnownOutputs } from '../../src/writeback/planWrites.js';

const base = parseYaml(readFileSync(packageFile('mappings', 'salesforce.yaml'), 'utf8'), 'sf').value as { writeback: { fields: Record<string, unknown> } };
const mapping = mappingSchema.parse({
  ...base,
  writeback: { ...base.writeback, fields: { ...base.writeback.fields, health_band: { field: 'Health_Band__c', policy: 'if-unchanged' }, health_drivers: { field: 'Health_Drivers__c', policy: 'if-empty' } } },
});

const desired = { health_score: 42, health_band: 'yellow', churn_risk: 18.5, health_trend: 'down', health_drivers: 'P1 open 9d -9', scored_at: '2026-11-24T08:00:00.000Z' };
const none: KnownOutputs = { crm: {}, lastWritten: {}, gaveUp: {} };

describe('planWrites', () => {
  it.each<[string, KnownOutputs, Record<string, unknown> | undefined, string[]]>([
    ['an empty CRM gets every field', none, { Health_Score__c: 42, Health_Band__c: 'yellow', Churn_Risk__c: 18.5, Health_Trend__c: 'down', Health_Drivers__c: 'P1 open 9d -9', Health_Scored_At__c: '2026-11-24T08:00:00.000Z' }, []],
    ['an unchanged account costs nothing, whatever scored_at says', { ...none, crm: { ...desired, scored_at: '2026-11-23T08:00:00.000Z' }, lastWritten: desired }, undefined, []],
    ['only the changed field goes, with scored_at', { ...none, crm: { ...desired, health_score: 50, scored_at: 'x' }, lastWritten: { ...desired, health_score: 50 } }, { Health_Score__c: 42, Health_Scored_At__c: '2026-11-24T08:00:00.000Z' }, []],
    ['if-unchanged keeps a value a person edited, and reports it', { ...none, crm: { ...desired, health_band: 'green' }, lastWritten: { ...desired, health_band: 'red' } }, undefined, ['health_band:edited-by-person']],
    ['if-unchanged overwrites our own earlier value', { ...none, crm: { ...desired, health_band: 'red', scored_at: null }, lastWritten: { ...desired, health_band: 'red' } }, { Health_Band__c: 'yellow', Health_Scored_At__c: '2026-11-24T08:00:00.000Z' }, []],
    ['if-empty fills an empty field but keeps a filled one', { ...none, crm: { ...desired, health_drivers: 'written by a CSM' } }, undefined, ['health_drivers:not-empty']],
    ['a field given up on is not resent for the same value', { ...none, crm: { ...desired, health_score: 50 }, gaveUp: { health_score: 42 } }, undefined, ['health_score:gave-up']],
    ['a field given up on is sent again once the value changes', { ...none, crm: { ...desired, health_score: 50, scored_at: null }, gaveUp: { health_score: 41 } }, { Health_Score__c: 42, Health_Scored_At__c: '2026-11-24T08:00:00.000Z' }, []],
    ['CRM formats compare equal to ours (HubSpot strings, Salesforce offsets)', { ...none, crm: { ...desired, health_score: '42' as never, scored_at: '2026-11-24T08:00:00.000+0000' } }, undefined, []],
  ])('%s', (_name, known, values, skipped) => {
    const plan = planWrites(mapping, [{ accountId: '001A', outputs: desired }], () => known);
    expect(plan.updates).toEqual(values ? [{ object: 'Account', id: '001A', values }] : []);
    expect(plan.skipped.map((s) => `${s.output}:${s.reason}`)).toEqual(skipped);
  });
});
