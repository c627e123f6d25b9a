/**
 * The tree stays as the committed prettier config formats it (.prettierrc.json, .prettierignore;
 * `npm run format` rewrites, `npm run format:check` lists what differs), so a diff shows changes,
 * not re-wrapping. Prettier runs as its own process: it is an ES module jest's CommonJS cannot load.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('formatting', () => {
  it('every TypeScript file is as prettier writes it', () => {
    const check = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--list-different', '**/*.{ts,tsx}'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect({ status: check.status, unformatted: check.stdout.split('\n').filter(Boolean), errors: check.stderr }).toEqual({
      status: 0,
      unformatted: [],
      errors: '',
    });
  }, 120_000);
});
