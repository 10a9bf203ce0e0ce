import { builtinConnectors } from '../../connectors/registry.js';
import type { ApiShape, EmulatorStart, RunningEmulator } from '../../emulators/emulatorKit.js';
import { loadEmulatorKit } from '../../emulators/registry.js';

/** A connector type that has an emulator. */
export type Crm = string;

/** Every registered connector type with an emulator, known when a test file loads (for `describe.each`). */
export const EMULATED_CRMS: readonly Crm[] = builtinConnectors.filter((d) => d.emulator).map((d) => d.type);

export type StartedEmulator<Native = unknown> = RunningEmulator<Native> & { label: string; apiShape: ApiShape };

/** Starts the emulator of connector type `crm` through its kit; the kit's label and API shape come along. */
export async function startEmulated<Native = unknown>(crm: Crm, options: EmulatorStart): Promise<StartedEmulator<Native>> {
  const definition = builtinConnectors.find((d) => d.type === crm);
  if (!definition) throw new Error(`no registered connector type ${crm}`);
  const kit = await loadEmulatorKit(definition);
  const running = (await kit.start(options)) as RunningEmulator<Native>;
  return Object.assign(running, { label: kit.label, apiShape: kit.apiShape });
}
