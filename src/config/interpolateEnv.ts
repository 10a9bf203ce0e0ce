import type { ConfigProblem } from '../model/errors.js';
import { registerEnvValue } from '../log/redact.js';
import { formatKeyPath, type KeyPath } from './yamlSource.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface InterpolationProblem extends ConfigProblem {
  keyPath: KeyPath;
  /** The variable that is not set. */
  variable: string;
  /** The reference was left in place (`keepUnset`): nothing will use the value, so it is no error. */
  kept?: true;
}

export interface InterpolationOptions {
  /** Where an unset variable is no error: its `${NAME}` reference stays as written. @default nowhere */
  keepUnset?: (keyPath: KeyPath) => boolean;
}

/**
 * Replaces `${NAME}` (or `${NAME:-default}`) in every string value with the environment's value.
 * Works on parsed values, never on the YAML text, so a value cannot inject YAML structure.
 * Every value read from the environment is registered as a secret for log redaction.
 */
export function interpolateEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  problems: InterpolationProblem[],
  options: InterpolationOptions = {},
  keyPath: KeyPath = [],
): unknown {
  if (typeof value === 'string') {
    // `$${NAME}` stays a literal `${NAME}`.
    const escaped = value.split('$${');
    const replaced = escaped.map((part) =>
      part.replace(REFERENCE, (whole: string, name: string, fallback: string | undefined) => {
        const found = env[name];
        if (found !== undefined && found !== '') {
          registerEnvValue(found);
          return found;
        }
        if (fallback !== undefined) return fallback;
        const kept = options.keepUnset?.(keyPath) === true;
        problems.push({
          ...(kept ? { kept } : {}),
          keyPath,
          variable: name,
          path: formatKeyPath(keyPath),
          message: `environment variable ${name} is not set; export ${name}=... or write \${${name}:-default}`,
        });
        return kept ? whole : '';
      }),
    );
    return replaced.join('${');
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolateEnv(item, env, problems, options, [...keyPath, i]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, problems, options, [...keyPath, k])]),
    );
  }
  return value;
}
