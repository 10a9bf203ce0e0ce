import type { CrmTask } from '../contracts/connector.js';
import type { PlannedClose } from './reconcileTasks.js';

export interface TaskFinding {
  key: string;
  finding: 'completed' | 'touched';
  crmId?: string;
}

export interface VerifiedCloses {
  closes: PlannedClose[];
  findings: TaskFinding[];
  /** Tasks whose condition cleared but a person works on them. */
  leftAlone: number;
}

/**
 * Auto-close only what nobody touched. A task a person completed or deleted is recorded as
 * completed (its cooldown starts); one a person moved on, re-dated, re-assigned or renamed is
 * marked touched and never changed by the engine again.
 */
export function verifyCloses(planned: readonly PlannedClose[], inCrm: ReadonlyMap<string, CrmTask>): VerifiedCloses {
  const out: VerifiedCloses = { closes: [], findings: [], leftAlone: 0 };
  for (const close of planned) {
    if (!close.verify) {
      out.closes.push(close);
      continue;
    }
    const crm = inCrm.get(close.task.key);
    if (!crm || crm.status === 'completed') {
      out.findings.push({ key: close.task.key, finding: 'completed', ...(crm ? { crmId: crm.id } : {}) });
      continue;
    }
    if (close.task.humanTouched || touchedByPerson(close, crm)) {
      if (!close.task.humanTouched) out.findings.push({ key: close.task.key, finding: 'touched', crmId: crm.id });
      out.leftAlone += 1;
      continue;
    }
    // The close goes to the task that stands for the key (the oldest, should there be two).
    out.closes.push({ ...close, send: { ...close.send, crmId: crm.id } });
  }
  return out;
}

function touchedByPerson(close: PlannedClose, crm: CrmTask): boolean {
  const sent = close.task;
  if (crm.status !== 'open' || crm.editedByPerson === true) return true;
  if (crm.subject !== null && crm.subject !== sent.subject.slice(0, 255)) return true;
  if (crm.dueDate !== null && crm.dueDate !== sent.dueDate) return true;
  return sent.ownerId !== null && crm.ownerId !== null && crm.ownerId !== sent.ownerId;
}
