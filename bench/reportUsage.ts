import { writeFileSync } from 'node:fs';

/**
 * Preloaded into a measured process (`node --import`): at exit it writes the process's own peak
 * RSS and CPU time to the file named by VITALS_BENCH_USAGE_FILE, as the kernel counted them.
 */
const file = process.env.VITALS_BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 }));
  });
}
