import type { FieldSpec } from '../contracts/connector.js';
import type { Mapping, ScoreOutput } from '../mapping/mappingSchema.js';
import { BANDS } from '../model/bands.js';

/** What each score output needs from the CRM field that holds it. */
const OUTPUT_FIELDS: Record<ScoreOutput, Omit<FieldSpec, 'object' | 'name'>> = {
  health_score: { label: 'Health score', type: 'number' },
  health_band: { label: 'Health band', type: 'enumeration', options: [...BANDS] },
  churn_risk: { label: 'Churn risk (%)', type: 'percent' },
  health_trend: { label: 'Health trend', type: 'text' },
  health_drivers: { label: 'Health drivers', type: 'long-text' },
  scored_at: { label: 'Health scored at', type: 'datetime' },
};

/**
 * The CRM fields the engine writes, as the mapping names them: each mapped score output on the
 * write-back object, and the dedupe key (plain text) on the task object. `setup-fields` hands these to
 * the connector; renaming a field in the mapping renames what gets created.
 */
export function scoreFieldSpecs(mapping: Mapping): FieldSpec[] {
  const specs: FieldSpec[] = [];
  for (const [output, target] of Object.entries(mapping.writeback.fields) as [ScoreOutput, { field: string } | undefined][]) {
    if (!target) continue;
    const spec = OUTPUT_FIELDS[output];
    specs.push({ object: mapping.writeback.object, name: target.field, ...spec, ...(spec.options ? { options: [...spec.options] } : {}) });
  }
  specs.push({ object: mapping.tasks.object, name: mapping.tasks.dedupeField, label: 'crm-vitals task key', type: 'text', taskKey: true });
  return specs;
}
