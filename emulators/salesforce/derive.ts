import type { SfRecord } from './recordTables.js';
import { stageNamed } from './schema/opportunityStages.js';

/** What derivation needs from its surroundings. */
export interface DeriveContext {
  /** The transaction's stamp (stored ISO form). */
  stamp: string;
  /** Fields the request wrote explicitly (canonical names). */
  written: Set<string>;
  read(id: string): SfRecord | undefined;
}

const CLOSED_TASK_STATUSES = new Set(['completed']);
const FORECAST_API_NAME: Record<string, string> = { 'Best Case': 'BestCase', Commit: 'Forecast' };

/**
 * Recomputes the read-only fields Salesforce derives on every save (IsClosed, IsWon, Task.AccountId,
 * User.Name, ...). Mutates `row`, the new version being staged; `previous` is the stored one.
 */
export function deriveFields(type: string, row: SfRecord, previous: SfRecord | undefined, ctx: DeriveContext): void {
  switch (type) {
    case 'Opportunity':
      deriveOpportunity(row, previous, ctx);
      break;
    case 'Case': {
      const closed = String(row.Status ?? '').toLowerCase() === 'closed';
      if (closed && !previous?.IsClosed) row.ClosedDate = ctx.stamp;
      if (!closed) row.ClosedDate = null;
      row.IsClosed = closed;
      break;
    }
    case 'Task': {
      const closed = CLOSED_TASK_STATUSES.has(String(row.Status ?? '').toLowerCase());
      if (closed && !previous?.IsClosed) row.CompletedDateTime = ctx.stamp;
      if (!closed) row.CompletedDateTime = null;
      row.IsClosed = closed;
      row.IsHighPriority = String(row.Priority ?? '').toLowerCase() === 'high';
      row.AccountId = taskAccount(row, ctx);
      break;
    }
    case 'User':
      row.Name = [row.FirstName, row.LastName].filter((p) => typeof p === 'string' && p !== '').join(' ');
      break;
    default:
      break;
  }
}

function deriveOpportunity(row: SfRecord, previous: SfRecord | undefined, ctx: DeriveContext): void {
  const stage = stageNamed(String(row.StageName ?? ''));
  if (!stage) return;
  const stageChanged = !previous || previous.StageName !== row.StageName;
  row.StageName = stage.name;
  if (stageChanged && !ctx.written.has('Probability')) row.Probability = stage.probability;
  if (stageChanged && !ctx.written.has('ForecastCategoryName')) row.ForecastCategoryName = stage.forecastCategory;
  const category = String(row.ForecastCategoryName ?? stage.forecastCategory);
  row.ForecastCategory = FORECAST_API_NAME[category] ?? category;
  // Closing as won moves a future close date back to today, as Salesforce does.
  const today = ctx.stamp.slice(0, 10);
  if (stage.isWon && previous && !previous.IsWon && typeof row.CloseDate === 'string' && row.CloseDate > today) {
    row.CloseDate = today;
  }
  row.IsClosed = stage.isClosed;
  row.IsWon = stage.isWon;
}

function taskAccount(row: SfRecord, ctx: DeriveContext): string | null {
  const whatId = row.WhatId;
  if (typeof whatId !== 'string') return null;
  if (whatId.startsWith('001')) return whatId;
  const parent = ctx.read(whatId);
  return parent && typeof parent.AccountId === 'string' ? parent.AccountId : null;
}
