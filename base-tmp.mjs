import { DuckDBInstance } from '@duckdb/node-api';
import { rmSync } from 'node:fs';
let peak = 0; const r = () => { const v = Math.round(process.memoryUsage().rss/2**20); peak = Math.max(peak, v); return v; };
setInterval(r, 5).unref();
const i = await DuckDBInstance.create(':memory:', {threads: '2', memory_limit: '256MB', temp_directory: '/tmp/exp/ddtmp'}); const c = await i.connect();
await c.run('SET preserve_insertion_order = false'); if (process.env.XFT) await c.run(`SET allocator_flush_threshold = '${process.env.XFT}'`); if (process.env.XBG) await c.run('SET allocator_background_threads = true');
console.log('start', r());
rmSync('/tmp/exp/stage', { recursive: true, force: true });
let t = Date.now();
const of = +(process.env.XOF ?? 21);
await c.run(`COPY (SELECT account_domain, day, dau, mau, sessions, features_30d, seats, CAST(hash(CAST(account_domain AS TEXT)) % ${of} AS INTEGER) AS p FROM read_parquet('/tmp/exp/d365/history.parquet') WHERE day >= DATE '2026-10-01' AND day < DATE '2026-11-01') TO '/tmp/exp/stage.parquet' (FORMAT parquet)`);
console.log('staged', Date.now() - t, 'ms peak', peak); peak = 0; t = Date.now();
for (let p = 0; p < of; p++) { const res = await c.stream(`select account_domain::text, CAST(day - DATE '1970-01-01' AS INTEGER), max(dau)::double, max(mau)::double, sum(sessions)::double, max(features_30d)::double, max(seats)::double from read_parquet('/tmp/exp/stage.parquet') where p = ${p} group by 1,2 order by 1,2`);
  for (;;) { const ch = await res.fetchChunk(); if (!ch || ch.rowCount === 0) break; for (let k = 0; k < 7; k++) for (let j = 0; j < ch.rowCount; j++) ch.getColumnVector(k).getItem(j); } }
console.log('parts', Date.now() - t, 'ms peak', peak);
