import { z } from 'zod';

/** The name of a connector or usage source: it keys the state and is typed on the command line. */
export const connectorName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, { error: 'expected lowercase letters, digits and dashes, starting with a letter (e.g. "acme-sf")' });
