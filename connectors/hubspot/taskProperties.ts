import type { TaskUpsert } from '../../src/contracts/connector.js';

/** task → company, HUBSPOT_DEFINED (the SDK's `AssociationTypes.taskToCompany`). */
export const TASK_TO_COMPANY = { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 192 } as const;

const PRIORITY: Record<TaskUpsert['priority'], string> = { high: 'HIGH', normal: 'MEDIUM', low: 'LOW' };

/**
 * A task's properties as HubSpot names them. `currentStatus` is what HubSpot holds for an
 * existing task: an open task a CSM has moved to In progress or Waiting keeps that status; only
 * completing or reopening changes it.
 */
export function taskProperties(task: TaskUpsert, keyProperty: string, currentStatus: string | null): Record<string, string> {
  const properties: Record<string, string> = {
    hs_task_subject: task.subject,
    hs_task_body: task.body,
    hs_timestamp: dueTimestamp(task.dueDate),
    hs_task_priority: PRIORITY[task.priority],
    hs_task_type: 'TODO',
    [keyProperty]: task.dedupeKey,
  };
  if (task.ownerId) properties.hubspot_owner_id = task.ownerId;
  const wanted = task.status === 'completed' ? 'COMPLETED' : 'NOT_STARTED';
  const keep = currentStatus !== null && (currentStatus === 'COMPLETED') === (wanted === 'COMPLETED');
  if (!keep) properties.hs_task_status = wanted;
  return properties;
}

/**
 * `hs_timestamp` is the due date-time. Noon UTC falls on the same calendar day in every time
 * zone a CSM is likely to work in, so the task shows as due on the day the rule chose.
 */
export function dueTimestamp(dueDate: string): string {
  return `${dueDate}T12:00:00.000Z`;
}
