import type { HsRecord } from './objectTable.js';
import { LAST_MODIFIED, objectTypeInfo, type ObjectTypeName } from './objectTypes.js';
import type { PipelineCatalog } from './pipelines.js';
import { isoFromMs } from './propertyValues.js';

export type PropertyReader = (record: HsRecord) => string | undefined;

/**
 * How to read one property of one type. Stamps, the record id and pipeline-derived flags
 * (`hs_is_closed`, `hs_is_closed_won`, `hs_deal_stage_probability`) are computed on read, so
 * they can never disagree with the stage a record is in.
 */
export function propertyReader(pipelines: PipelineCatalog, type: ObjectTypeName, name: string): PropertyReader {
  if (name === 'hs_object_id') return (r) => r.id;
  if (name === LAST_MODIFIED) return (r) => isoFromMs(r.updatedAt);
  if (name === objectTypeInfo(type).createdProperty) return (r) => isoFromMs(r.createdAt);
  if (type === 'deals') {
    const stageMeta = (r: HsRecord) => {
      const stage = r.props.dealstage;
      return stage === undefined ? undefined : pipelines.stage('deals', r.props.pipeline ?? 'default', stage)?.metadata;
    };
    if (name === 'hs_is_closed') return (r) => stageMeta(r)?.isClosed;
    if (name === 'hs_is_closed_won') {
      return (r) => {
        const meta = stageMeta(r);
        return meta ? String(meta.isClosed === 'true' && Number(meta.probability) === 1) : undefined;
      };
    }
    if (name === 'hs_deal_stage_probability') return (r) => stageMeta(r)?.probability;
  }
  if (type === 'tickets' && name === 'hs_is_closed') {
    return (r) => {
      const stage = r.props.hs_pipeline_stage;
      return stage === undefined ? undefined : pipelines.stage('tickets', r.props.hs_pipeline ?? '0', stage)?.metadata.isClosed;
    };
  }
  return (r) => r.props[name];
}

/**
 * Epoch-ms reader for the two stamps, so time filters and sorts on 1.5 million records compare
 * numbers instead of parsing ISO strings.
 */
export function timestampReader(type: ObjectTypeName, name: string): ((record: HsRecord) => number) | undefined {
  if (name === LAST_MODIFIED) return (r) => r.updatedAt;
  if (name === objectTypeInfo(type).createdProperty) return (r) => r.createdAt;
  return undefined;
}
