/**
 * npm run docs:errors: rewrites the table of error codes in docs/errors.md from
 * common/errors/error-codes.ts (test/unit/error-codes.test.ts fails while the two differ).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withCurrentTable } from '../common/errors/error-codes-table';

if (process.argv.includes('--help')) {
  console.log('Usage: npm run docs:errors\nRewrites the table of error codes in docs/errors.md from common/errors/error-codes.ts.');
  process.exit(0);
}
const path = join(__dirname, '..', 'docs', 'errors.md');
writeFileSync(path, withCurrentTable(readFileSync(path, 'utf8')));
console.log(`wrote ${path}`);
