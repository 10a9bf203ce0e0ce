import type { MeasureSettings, RedFlagSettings } from '../config/scoringSettings.js';
import { renewalLag, type RenewalFacts } from './measures/commercialMeasures.js';
import type { SupportFacts } from './measures/supportMeasures.js';

export type RedFlagCode = 'urgent-over-sla' | 'renewal-lag' | 'no-renewal' | 'escalations';

/** The measure that shows each flag's condition, so the drivers can name the two together. */
export const FLAG_MEASURE: Readonly<Record<RedFlagCode, string>> = {
  'urgent-over-sla': 'openHighPriorityAge',
  'renewal-lag': 'renewalReadiness',
  'no-renewal': 'renewalReadiness',
  escalations: 'escalations',
};

/** A condition that caps the score below the red line, so one catastrophe is never averaged away. */
export interface RedFlag {
  code: RedFlagCode;
  label: string;
}

export function redFlagsOf(support: SupportFacts, renewal: RenewalFacts | null, m: MeasureSettings, f: RedFlagSettings): RedFlag[] {
  const flags: RedFlag[] = [];
  if (f.urgentOverSlaMultiple > 0 && support.urgentSlaRatio > f.urgentOverSlaMultiple) {
    const days = support.urgentSlaRatio * m.openHighPriorityAge.slaDays.urgent;
    flags.push({ code: 'urgent-over-sla', label: `P1 open ${Math.round(days)}d` });
  }
  if (renewal) {
    if (renewal.opportunity === 'missing' && f.noRenewalWithinDays > 0 && renewal.days <= f.noRenewalWithinDays) {
      const label = renewal.days < 0 ? `No renewal opp, contract ended ${Math.round(-renewal.days)}d ago` : `No renewal opp ${Math.round(renewal.days)}d out`;
      flags.push({ code: 'no-renewal', label });
    }
    const lag = renewal.opportunity === 'open' ? renewalLag(renewal, m.renewalReadiness) : null;
    if (lag !== null && f.renewalLagWithinDays > 0 && renewal.days <= f.renewalLagWithinDays && lag > f.renewalLagAbove) {
      flags.push({ code: 'renewal-lag', label: `Renewal ${Math.round(renewal.days)}d out, stage lag ${Math.round(lag * 100)}%` });
    }
  }
  if (f.escalationsIn30Days > 0 && support.escalationsLast30Days >= f.escalationsIn30Days) {
    flags.push({ code: 'escalations', label: `${support.escalationsLast30Days} escalations in 30d` });
  }
  return flags;
}
