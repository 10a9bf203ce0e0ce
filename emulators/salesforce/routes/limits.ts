import type { Router } from '../../http/router.js';
import { apiRoute, type EmulatorContext } from '../context.js';

const limit = (max: number, remaining = max): { Max: number; Remaining: number } => ({ Max: max, Remaining: Math.max(0, remaining) });

/**
 * `GET /limits`. DailyApiRequests is live (the same counter `Sforce-Limit-Info` reports, this call
 * included); the other entries are the static allowances of an Enterprise org.
 */
export function registerLimitsRoutes(router: Router, ctx: EmulatorContext, bulkJobsToday: () => number): void {
  router.on(
    'GET',
    '/services/data/:version/limits',
    apiRoute(ctx, () => ({
      status: 200,
      body: {
        ConcurrentAsyncGetReportInstances: limit(200),
        ConcurrentSyncReportRuns: limit(20),
        DailyApiRequests: limit(ctx.usage.max, ctx.usage.max - ctx.usage.used),
        DailyAsyncApexExecutions: limit(250000),
        DailyBulkApiBatches: limit(15000),
        DailyBulkV2QueryFileStorageMB: limit(976562),
        DailyBulkV2QueryJobs: limit(10000, 10000 - bulkJobsToday()),
        DataStorageMB: limit(5120, 4800),
        FileStorageMB: limit(20480, 20400),
        HourlyAsyncReportRuns: limit(1200),
        HourlySyncReportRuns: limit(500),
        SingleEmail: limit(5000),
      },
    })),
  );
}
