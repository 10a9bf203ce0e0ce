/**
 * Default OpportunityStage rows: the stage decides IsClosed, IsWon, the default probability and
 * the forecast category, exactly as Salesforce derives them on every save.
 */
export interface OpportunityStage {
  name: string;
  probability: number;
  forecastCategory: 'Pipeline' | 'Closed' | 'Omitted';
  isClosed: boolean;
  isWon: boolean;
}

export const OPPORTUNITY_STAGES: OpportunityStage[] = [
  { name: 'Prospecting', probability: 10, forecastCategory: 'Pipeline', isClosed: false, isWon: false },
  { name: 'Qualification', probability: 10, forecastCategory: 'Pipeline', isClosed: false, isWon: false },
  { name: 'Needs Analysis', probability: 20, forecastCategory: 'Pipeline', isClosed: false, isWon: false },
  { name: 'Value Proposition', probability: 50, forecastCategory: 'Pipeline', isClosed: false, isWon: false },
  { name: 'Id. Decision Makers', probability: 60, forecastCategory: 'Pipeline', isClosed: false, isWon: false },
  { name: 'Perception Analysis', probability: 70, forecastCategory: 'Pipeline', isClosed: false, isWon: false },
  { name: 'Proposal/Price Quote', probability: 75, forecastCategory: 'Pipeline', isClosed: false, isWon: false },
  { name: 'Negotiation/Review', probability: 90, forecastCategory: 'Pipeline', isClosed: false, isWon: false },
  { name: 'Closed Won', probability: 100, forecastCategory: 'Closed', isClosed: true, isWon: true },
  { name: 'Closed Lost', probability: 0, forecastCategory: 'Omitted', isClosed: true, isWon: false },
];

const byName = new Map(OPPORTUNITY_STAGES.map((s) => [s.name.toLowerCase(), s]));

export function stageNamed(name: string): OpportunityStage | undefined {
  return byName.get(name.toLowerCase());
}
