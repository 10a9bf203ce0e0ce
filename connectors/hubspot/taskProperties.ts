import type { TaskUpsert } from '../../src/contracts/connector.js';

/** task → company, HUBSPOT_DEFINED (the SDK's `AssociationTypes.taskToCompany`). */
export const TASK_TO_COMPANY = { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 192 } as const;

const PRIORITY: Record<TaskUpsert['priority'], string> = { high: 'HIGH', normal: 'MEDIUM', low: 'LOW' };

/**
 * A task's properties as HubSpot names them. The engine updates a task only to complete it, after
 * reading that no person moved it on, so the status is always sent.
 */
export function taskProperties(task: TaskUpsert, keyProperty: string): Record<string, string> {
  const properties: Record<string, string> = {
    hs_task_subject: task.subject,
    hs_task_body: task.body,
    hs_timestamp: dueTimestamp(task.dueDate),
    hs_task_priority: PRIORITY[task.priority],
    hs_task_type: 'TODO',
    [keyProperty]: task.dedupeKey,
  };
  if (task.ownerId) properties.hubspot_owner_id = task.ownerId;
  properties.hs_task_status = task.status === 'completed' ? 'COMPLETED' : 'NOT_STARTED';
  return properties;
}

/**
 * `hs_timestamp` is the due date-time. Noon UTC falls on the same calendar day in every time
 * zone a CSM is likely to work in, so the task shows as due on the day the rule chose.
 */
export function dueTimestamp(dueDate: string): string {
  return `${dueDate}T12:00:00.000Z`;
}
