import type { ObjectTypeName } from './objectTypes.js';

/** Property names a create must carry; each inner list is "at least one of". */
export type RequiredOnCreate = readonly (readonly string[])[];

/**
 * What a record created through the API must carry, from the table "Required properties to create
 * records" in HubSpot's "Using Object APIs" guide
 * (developers.hubspot.com/docs/api-reference/latest/crm/using-object-apis): companies a domain or
 * a name; deals dealname, dealstage and pipeline; tickets subject, hs_pipeline_stage and
 * hs_pipeline; tasks hs_timestamp.
 */
const API: Record<ObjectTypeName, RequiredOnCreate> = {
  companies: [['domain', 'name']],
  deals: [['dealname'], ['dealstage'], ['pipeline']],
  tickets: [['subject'], ['hs_pipeline_stage'], ['hs_pipeline']],
  tasks: [['hs_timestamp']],
};

/**
 * A person creating a record in HubSpot gets the pipeline (and a name prompt) from the UI, so
 * `HubSpotStore.create`, which stands for such edits, asks only for the stage and the due date.
 */
const PERSON: Record<ObjectTypeName, RequiredOnCreate> = {
  companies: [],
  deals: [['dealstage']],
  tickets: [['hs_pipeline_stage']],
  tasks: [['hs_timestamp']],
};

export function requiredOnCreate(type: ObjectTypeName, via: 'api' | 'person'): RequiredOnCreate {
  return (via === 'api' ? API : PERSON)[type];
}
