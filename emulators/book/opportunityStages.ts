/** Salesforce's default opportunity stages, in pipeline order, with their default probabilities. */
export const OPPORTUNITY_STAGES = [
  { name: 'Prospecting', probability: 10 },
  { name: 'Qualification', probability: 10 },
  { name: 'Needs Analysis', probability: 20 },
  { name: 'Value Proposition', probability: 50 },
  { name: 'Id. Decision Makers', probability: 60 },
  { name: 'Perception Analysis', probability: 70 },
  { name: 'Proposal/Price Quote', probability: 75 },
  { name: 'Negotiation/Review', probability: 90 },
  { name: 'Closed Won', probability: 100 },
  { name: 'Closed Lost', probability: 0 },
] as const;

export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];

export const OPEN_STAGE_COUNT = 8;
export const CLOSED_WON = 8;
export const CLOSED_LOST = 9;

/** The open stage reached at `progress` (0 = just opened, 1 = about to sign). */
export function openStageIndex(progress: number): number {
  if (!(progress > 0)) return 0;
  return Math.min(OPEN_STAGE_COUNT - 1, Math.floor(progress * OPEN_STAGE_COUNT));
}

export function stageAt(index: number): OpportunityStage {
  const stage = OPPORTUNITY_STAGES[index];
  if (!stage) throw new RangeError(`no opportunity stage ${index}`);
  return stage;
}
