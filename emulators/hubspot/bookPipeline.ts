import type { BookOpportunity } from '../book/bookTypes.js';
import { CLOSED_LOST, CLOSED_WON, OPEN_STAGE_COUNT, OPPORTUNITY_STAGES } from '../book/opportunityStages.js';
import type { Pipeline } from './pipelines.js';

/**
 * The seeded portal's own deal pipeline, set up by its admin like the book's sales process: one
 * stage per book stage, at the book's probability. HubSpot's default "Sales Pipeline" has five
 * open stages at other probabilities, so deals in it could not say how far along a renewal is the
 * way the book (and Salesforce) does. Ids are numeric, as HubSpot gives pipelines and stages that
 * an admin creates; read them from the pipelines API, as real clients must.
 */
export const BOOK_PIPELINE_ID = '1204871';
const FIRST_STAGE_ID = 1_204_872;
/** Created by the admin a little before the book's first record. */
const CREATED_AT_MS = Date.parse('2019-01-01T00:00:00.000Z');

/**
 * HubSpot takes a deal stage's probability from 0.0 to 1.0 in steps of 0.1, so a book probability
 * between steps (Proposal/Price Quote, 75%) is set to the nearest step (0.8): the one place the
 * portal cannot hold the book exactly.
 */
export function hubSpotStageProbability(percent: number): string {
  return (Math.round(percent / 10) / 10).toFixed(1);
}

export function bookPipeline(): Pipeline {
  return {
    id: BOOK_PIPELINE_ID,
    label: 'Customer Pipeline',
    displayOrder: 1,
    createdAt: CREATED_AT_MS,
    stages: OPPORTUNITY_STAGES.map((stage, i) => ({
      id: String(FIRST_STAGE_ID + i),
      label: stage.name,
      displayOrder: i,
      metadata: { isClosed: String(i >= OPEN_STAGE_COUNT), probability: hubSpotStageProbability(stage.probability) },
    })),
  };
}

const stageId = (index: number): string => String(FIRST_STAGE_ID + index);

/** The book pipeline's stage for a book deal: its own stage, or the open stage nearest its probability. */
export function dealStageFor(opportunity: Pick<BookOpportunity, 'stage' | 'isClosed' | 'isWon' | 'probability'>): string {
  if (opportunity.isClosed) return stageId(opportunity.isWon ? CLOSED_WON : CLOSED_LOST);
  const open = OPPORTUNITY_STAGES.slice(0, OPEN_STAGE_COUNT);
  const own = open.findIndex((stage) => stage.name === opportunity.stage);
  if (own >= 0) return stageId(own);
  let nearest = 0;
  open.forEach((stage, i) => {
    if (Math.abs(stage.probability - opportunity.probability) < Math.abs(open[nearest]!.probability - opportunity.probability)) nearest = i;
  });
  return stageId(nearest);
}
