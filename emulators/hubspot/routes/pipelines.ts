import type { EmulatorRequest } from '../../http/router.js';
import { HubSpotApiError, validationError } from '../errors.js';
import { resolveObjectType } from '../objectTypes.js';
import type { Pipeline, PipelineObjectType, PipelineStage } from '../pipelines.js';
import { route, type RouteContext } from './routeContext.js';

/** Default pipelines have `createdAt` at epoch 0, as HubSpot reports them. */
const stamp = (p: Pipeline): string => new Date(p.createdAt ?? 0).toISOString();

/** Read-only pipelines and stages for deals and tickets. */
export function registerPipelineRoutes(ctx: RouteContext): void {
  const { pipelines } = ctx.store;
  const BASE = '/crm/v3/pipelines/:objectType';

  route(ctx, 'GET', BASE, (req) => ({ status: 200, body: { results: pipelines.pipelines[pipelineType(req)].map(pipelineJson) } }));
  route(ctx, 'GET', `${BASE}/:pipelineId`, (req) => ({ status: 200, body: pipelineJson(findPipeline(ctx, req)) }));
  route(ctx, 'GET', `${BASE}/:pipelineId/stages`, (req) => ({ status: 200, body: { results: stagesJson(findPipeline(ctx, req)) } }));
  route(ctx, 'GET', `${BASE}/:pipelineId/stages/:stageId`, (req) => {
    const stage = stagesJson(findPipeline(ctx, req)).find((s) => s.id === req.params.stageId);
    if (!stage) throw new HubSpotApiError(404, 'OBJECT_NOT_FOUND', `No stage ${req.params.stageId ?? ''} in pipeline ${req.params.pipelineId ?? ''}`);
    return { status: 200, body: stage };
  });
}

function pipelineType(req: EmulatorRequest): PipelineObjectType {
  const ref = req.params.objectType ?? '';
  const info = resolveObjectType(ref);
  if (info?.name === 'deals' || info?.name === 'tickets') return info.name;
  throw validationError(`Unable to infer object type from: ${ref}`);
}

function findPipeline(ctx: RouteContext, req: EmulatorRequest): Pipeline {
  const pipeline = ctx.store.pipelines.pipeline(pipelineType(req), req.params.pipelineId ?? '');
  if (!pipeline) throw new HubSpotApiError(404, 'OBJECT_NOT_FOUND', `Unable to find pipeline ${req.params.pipelineId ?? ''}`);
  return pipeline;
}

function pipelineJson(p: Pipeline): Record<string, unknown> {
  return { id: p.id, label: p.label, displayOrder: p.displayOrder, stages: stagesJson(p), archived: false, createdAt: stamp(p), updatedAt: stamp(p) };
}

function stagesJson(p: Pipeline): { id: string }[] {
  return p.stages.map((s: PipelineStage) => ({
    id: s.id,
    label: s.label,
    displayOrder: s.displayOrder,
    metadata: { ...s.metadata },
    archived: false,
    createdAt: stamp(p),
    updatedAt: stamp(p),
    writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
  }));
}
