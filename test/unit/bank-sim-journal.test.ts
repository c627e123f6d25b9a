/** The bank simulator's state file survives a line torn by a crash mid-write. */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileJournal } from '../../bank-sim/src/journal';

describe('the simulator journal', () => {
  it('drops a torn last line from the file, so the entries appended after it are kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'huinong-journal-'));
    try {
      const journal = new FileJournal(dir, 7);
      journal.append('ABC', { op: 'lend', share: 0.5, asOf: '2026-11-01' });
      appendFileSync(journal.fileOf('ABC'), '{"op":"advance","to":"2026-11-'); // the crash, with a Chinese name before it in real files
      expect(journal.load('ABC')).toEqual([{ op: 'lend', share: 0.5, asOf: '2026-11-01' }]);
      journal.append('ABC', { op: 'account', account: { holderName: '李文华' } });
      journal.append('ABC', { op: 'advance', to: '2026-11-20' });
      expect(new FileJournal(dir, 7).load('ABC')).toEqual([
        { op: 'lend', share: 0.5, asOf: '2026-11-01' },
        { op: 'account', account: { holderName: '李文华' } },
        { op: 'advance', to: '2026-11-20' },
      ]);
      expect(readFileSync(journal.fileOf('ABC'), 'utf8').endsWith('\n')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
