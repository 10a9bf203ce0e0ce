import type { ConnectorConfig } from '../config/config.js';
import type { ApiBudget, Connector } from '../contracts/connector.js';

export type OpenConnector = (entry: ConnectorConfig) => Promise<Connector>;

/**
 * The connectors of one run: each is opened on first use and at most once, so pull and push share
 * one login and one API budget, and all are closed together when the run ends. A connector that
 * failed to open keeps its failure: a later phase gets the same error instead of logging in again.
 */
export class RunConnectors {
  private readonly opened = new Map<string, Promise<Connector>>();

  constructor(private readonly open: OpenConnector) {}

  get(entry: ConnectorConfig): Promise<Connector> {
    let connector = this.opened.get(entry.name);
    if (!connector) {
      connector = this.open(entry);
      // The failure is handed to whoever asks; it must not surface as an unhandled rejection here.
      connector.catch(() => undefined);
      this.opened.set(entry.name, connector);
    }
    return connector;
  }

  /** The budget of a connector this run opened: every call of every phase. */
  async budget(name: string): Promise<ApiBudget | undefined> {
    const connector = await this.opened.get(name)?.catch(() => undefined);
    return connector?.budget();
  }

  /** Closes every connector that opened; one failing to close does not keep the others open. */
  async close(): Promise<void> {
    const open = [...this.opened.values()];
    this.opened.clear();
    const closed = await Promise.allSettled(open.map(async (connector) => (await connector.catch(() => undefined))?.close()));
    const failed = closed.find((c) => c.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

/**
 * Runs `work` with the connectors of a run: the caller's, when it holds them open across phases
 * (`vitals run`), or connectors opened here and closed when `work` ends (a phase run on its own).
 */
export async function withRunConnectors<T>(connectors: RunConnectors | OpenConnector, work: (connectors: RunConnectors) => Promise<T>): Promise<T> {
  if (connectors instanceof RunConnectors) return work(connectors);
  const own = new RunConnectors(connectors);
  try {
    return await work(own);
  } finally {
    await own.close();
  }
}
