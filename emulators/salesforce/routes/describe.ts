import type { Router } from '../../http/router.js';
import { apiRoute, MAX_VERSION, MIN_VERSION, sobjectFor, type EmulatorContext } from '../context.js';
import { describeGlobalEntry, describeSObject } from '../schema/describeJson.js';

const RESOURCES = ['sobjects', 'query', 'queryAll', 'limits', 'composite', 'jobs'];

export function registerDescribeRoutes(router: Router, ctx: EmulatorContext): void {
  // The versions list is public and, per the docs, the one resource that costs no API call.
  router.on('GET', '/services/data', () => {
    const versions = [];
    for (let v = MIN_VERSION; v <= MAX_VERSION; v++) versions.push({ label: `v${v}.0`, url: `/services/data/v${v}.0`, version: `${v}.0` });
    return { status: 200, body: versions };
  });

  router.on(
    'GET',
    '/services/data/:version',
    apiRoute(ctx, (_req, call) => ({
      status: 200,
      body: Object.fromEntries(RESOURCES.map((r) => [r, `/services/data/v${call.version}/${r}`])),
    })),
  );

  router.on(
    'GET',
    '/services/data/:version/sobjects',
    apiRoute(ctx, (_req, call) => ({
      status: 200,
      body: { encoding: 'UTF-8', maxBatchSize: 200, sobjects: ctx.catalog.all().map((s) => describeGlobalEntry(s, call.version)) },
    })),
  );

  router.on(
    'GET',
    '/services/data/:version/sobjects/:type/describe',
    apiRoute(ctx, (req, call) => ({ status: 200, body: describeSObject(sobjectFor(ctx, req.params.type), call.version) })),
  );

  router.on(
    'GET',
    '/services/data/:version/sobjects/:type',
    apiRoute(ctx, (req, call) => ({
      status: 200,
      body: { objectDescribe: describeGlobalEntry(sobjectFor(ctx, req.params.type), call.version), recentItems: [] },
    })),
  );
}
