import type { ConfigProblem } from '../model/errors.js';
import { registerSecret } from '../log/redact.js';
import { formatKeyPath, type KeyPath } from './yamlSource.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface InterpolationProblem extends ConfigProblem {
  keyPath: KeyPath;
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
  keyPath: KeyPath = [],
): unknown {
  if (typeof value === 'string') {
    // `$${NAME}` stays a literal `${NAME}`.
    const escaped = value.split('$${');
    const replaced = escaped.map((part) =>
      part.replace(REFERENCE, (_whole, name: string, fallback: string | undefined) => {
        const found = env[name];
        if (found !== undefined && found !== '') {
          registerSecret(found);
          return found;
        }
        if (fallback !== undefined) return fallback;
        problems.push({
          keyPath,
          path: formatKeyPath(keyPath),
          message: `environment variable ${name} is not set; export ${name}=... or write \${${name}:-default}`,
        });
        return '';
      }),
    );
    return replaced.join('${');
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolateEnv(item, env, problems, [...keyPath, i]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, problems, [...keyPath, k])]),
    );
  }
  return value;
}
