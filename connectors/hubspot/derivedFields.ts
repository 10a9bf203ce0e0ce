import type { FieldDescription } from '../../src/contracts/connector.js';
import type { HubSpotContext } from './context.js';

/**
 * Fields the connector derives where HubSpot keeps a fact outside the record's properties.
 * Their names are camelCase, which no HubSpot property name can be, so they never shadow one.
 *
 * `stageIsClosed`: HubSpot tickets have no "is closed" property; a ticket is closed when its
 * stage's `ticketState` is CLOSED in the pipelines API (deals: the stage's `isClosed`).
 */
export const STAGE_IS_CLOSED = 'stageIsClosed';

const STAGE_PROPERTIES: Record<string, { pipeline: string; stage: string }> = {
  tickets: { pipeline: 'hs_pipeline', stage: 'hs_pipeline_stage' },
  deals: { pipeline: 'pipeline', stage: 'dealstage' },
};

export function derivedFieldDescriptions(object: string): FieldDescription[] {
  if (!STAGE_PROPERTIES[object]) return [];
  return [{ name: STAGE_IS_CLOSED, label: 'Closed (from the stage in the pipelines API; derived by crm-vitals)', type: 'bool', kind: 'boolean', updateable: false }];
}

/** Turns the properties HubSpot returned into the requested fields, derived ones included. */
export interface FieldReader {
  /** Properties to ask HubSpot for. */
  properties: string[];
  values(properties: Record<string, string | null>): Record<string, unknown>;
}

/** Reads the pipelines once per pull, and only when a derived field is asked for. */
export async function fieldReader(ctx: HubSpotContext, source: string, fields: readonly string[], always: readonly string[]): Promise<FieldReader> {
  const stageProps = STAGE_PROPERTIES[source];
  const wantsStage = stageProps !== undefined && fields.includes(STAGE_IS_CLOSED);
  const real = fields.filter((f) => f !== STAGE_IS_CLOSED);
  const properties = [...new Set([...real, ...always, ...(wantsStage ? [stageProps.pipeline, stageProps.stage] : [])])];
  const closed = wantsStage ? await closedStages(ctx, source) : undefined;
  return {
    properties,
    values(props) {
      const out: Record<string, unknown> = {};
      for (const field of fields) out[field] = props[field] ?? null;
      if (closed && stageProps) {
        const stage = props[stageProps.stage];
        out[STAGE_IS_CLOSED] = stage ? (closed.get(`${props[stageProps.pipeline] ?? ''}/${stage}`) ?? closed.get(`*/${stage}`) ?? null) : null;
      }
      return out;
    },
  };
}

/** Stage → closed, keyed by pipeline and stage, and by stage alone (`*`) for records without a pipeline. */
async function closedStages(ctx: HubSpotContext, object: string): Promise<Map<string, boolean>> {
  const reply = await ctx.call('api', `pipelines ${object}`, () => ctx.apis.pipelines.getAllWithHttpInfo(object));
  const out = new Map<string, boolean>();
  for (const pipeline of reply.results) {
    for (const stage of pipeline.stages) {
      const meta = stage.metadata ?? {};
      const isClosed = meta.ticketState !== undefined ? meta.ticketState === 'CLOSED' : meta.isClosed === 'true';
      out.set(`${pipeline.id}/${stage.id}`, isClosed);
      if (!out.has(`*/${stage.id}`)) out.set(`*/${stage.id}`, isClosed);
    }
  }
  return out;
}
