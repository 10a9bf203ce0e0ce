import { validationError } from './errors.js';
import { activityTypeId } from './objectTypes.js';

/**
 * Rules for `hasUniqueValue` properties, from HubSpot's own documents:
 * - Properties API guide (developers.hubspot.com/docs/api-reference/crm-properties-v3/guide,
 *   "Create unique identifier properties"): "You can have up to ten unique ID properties per object."
 * - Developer changelog "Unique Properties support for newly created Contact properties"
 *   (developers.hubspot.com/changelog/unique-properties-for-contacts): unique properties exist for
 *   companies, deals, tickets, custom objects and (since then) contacts, so never for activities.
 * HubSpot documents neither refusal's wording; the messages below are the emulator's.
 */
export const MAX_UNIQUE_PROPERTIES_PER_OBJECT = 10;

/** 400 when a unique-value property is asked for on an activity object (tasks, calls, emails, meetings, notes). */
export function refuseUniqueOnActivity(objectTypeRef: string, hasUniqueValue: unknown): void {
  const typeId = activityTypeId(objectTypeRef);
  if (hasUniqueValue !== true || typeId === undefined) return;
  throw validationError(`Unique value properties are not supported for object type ${typeId}: hasUniqueValue can only be set on contacts, companies, deals, tickets and custom objects.`, {
    context: { hasUniqueValue: ['true'], objectTypeId: [typeId] },
  });
}

/** 400 when the object already has the ten unique-value properties HubSpot allows. */
export function refuseUniqueBeyondLimit(typeId: string, existingUnique: number): void {
  if (existingUnique < MAX_UNIQUE_PROPERTIES_PER_OBJECT) return;
  throw validationError(`Object type ${typeId} already has ${existingUnique} unique value properties; the maximum is ${MAX_UNIQUE_PROPERTIES_PER_OBJECT}.`, {
    context: { hasUniqueValue: ['true'], objectTypeId: [typeId] },
  });
}
