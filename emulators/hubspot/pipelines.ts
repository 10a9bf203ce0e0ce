/**
 * Default deal and ticket pipelines as a new portal has them. Stage metadata values are strings
 * on the wire (`"probability":"0.2"`), and default pipelines carry `createdAt` = epoch 0.
 */
export interface PipelineStage {
  id: string;
  label: string;
  displayOrder: number;
  metadata: Record<string, string>;
}

export interface Pipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: PipelineStage[];
  /** Epoch ms; default pipelines (and their stages) report 0. @default 0 */
  createdAt?: number;
}

export type PipelineObjectType = 'deals' | 'tickets';

function dealStage(id: string, label: string, displayOrder: number, probability: string, isClosed: boolean): PipelineStage {
  return { id, label, displayOrder, metadata: { isClosed: String(isClosed), probability } };
}

function ticketStage(id: string, label: string, displayOrder: number, open: boolean): PipelineStage {
  return { id, label, displayOrder, metadata: { ticketState: open ? 'OPEN' : 'CLOSED', isClosed: String(!open) } };
}

export function defaultPipelines(): Record<PipelineObjectType, Pipeline[]> {
  return {
    deals: [
      {
        id: 'default',
        label: 'Sales Pipeline',
        displayOrder: 0,
        stages: [
          dealStage('appointmentscheduled', 'Appointment Scheduled', 0, '0.2', false),
          dealStage('qualifiedtobuy', 'Qualified To Buy', 1, '0.4', false),
          dealStage('presentationscheduled', 'Presentation Scheduled', 2, '0.6', false),
          dealStage('decisionmakerboughtin', 'Decision Maker Bought-In', 3, '0.8', false),
          dealStage('contractsent', 'Contract Sent', 4, '0.9', false),
          dealStage('closedwon', 'Closed Won', 5, '1.0', true),
          dealStage('closedlost', 'Closed Lost', 6, '0.0', true),
        ],
      },
    ],
    tickets: [
      {
        id: '0',
        label: 'Support Pipeline',
        displayOrder: 0,
        stages: [
          ticketStage('1', 'New', 0, true),
          ticketStage('2', 'Waiting on contact', 1, true),
          ticketStage('3', 'Waiting on us', 2, true),
          ticketStage('4', 'Closed', 3, false),
        ],
      },
    ],
  };
}

/** Stage lookup across pipelines, for validation and for the calculated closed/won flags. */
export class PipelineCatalog {
  readonly pipelines: Record<PipelineObjectType, Pipeline[]>;
  private readonly stageIndex = new Map<string, { pipeline: Pipeline; stage: PipelineStage }>();

  constructor(pipelines: Record<PipelineObjectType, Pipeline[]> = defaultPipelines()) {
    this.pipelines = pipelines;
    for (const type of ['deals', 'tickets'] as const) {
      for (const pipeline of pipelines[type]) {
        for (const stage of pipeline.stages) this.stageIndex.set(`${type}/${pipeline.id}/${stage.id}`, { pipeline, stage });
      }
    }
  }

  pipeline(type: PipelineObjectType, pipelineId: string): Pipeline | undefined {
    return this.pipelines[type].find((p) => p.id === pipelineId);
  }

  stage(type: PipelineObjectType, pipelineId: string, stageId: string): PipelineStage | undefined {
    return this.stageIndex.get(`${type}/${pipelineId}/${stageId}`)?.stage;
  }

  defaultPipelineId(type: PipelineObjectType): string {
    const first = this.pipelines[type][0];
    if (!first) throw new Error(`no ${type} pipeline`);
    return first.id;
  }

  /** Every stage id of every pipeline: the options of `dealstage` / `hs_pipeline_stage`. */
  allStages(type: PipelineObjectType): PipelineStage[] {
    return this.pipelines[type].flatMap((p) => p.stages);
  }
}
