import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The installed package's root, found by walking up from this module. The same code runs from
 * `src/` under ts-jest and from `dist/src/` when built, so fixed relative paths would break one.
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('crm-vitals: package.json not found above the running module');
    dir = parent;
  }
  root = dir;
  return dir;
}

/** A file shipped with the package: mappings, migrations, the example config. */
export function packageFile(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}
