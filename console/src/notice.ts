/**
 * The public notice's (公示) plain rules, unit-tested under test/unit: the notice period starts
 * today in Asia/Shanghai (the county's calendar, whatever the browser's zone) and lasts the days
 * the clerk chose, the first day counted; dates written as a notice writes them.
 */

export const DEFAULT_NOTICE_DAYS = 7;
export const MAX_NOTICE_DAYS = 60;

/** "2026-12-03" → "2026年12月3日". */
export function chineseDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** The calendar date of an instant in Asia/Shanghai, "YYYY-MM-DD". */
export function shanghaiDate(now: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return `${p.year}-${p.month}-${p.day}`;
}

/** First and last day of a notice of `days` days (1 … MAX_NOTICE_DAYS) starting today in Asia/Shanghai. */
export function noticePeriod(now: Date, days: number): { start: string; end: string } {
  if (!Number.isInteger(days) || days < 1 || days > MAX_NOTICE_DAYS) throw new Error(`a notice lasts 1 to ${MAX_NOTICE_DAYS} days, not ${days}`);
  const start = shanghaiDate(now);
  const end = new Date(`${start}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + days - 1);
  return { start, end: end.toISOString().slice(0, 10) };
}

const FEN = /^(\d+)(?:\.(\d{1,2}))?$/;

/** The exact sum of amounts to the fen, as the hub sends them ("440.83", "12"): "453.83". Never a float. */
export function sumFen(amounts: readonly string[]): string {
  let fen = 0n;
  for (const amount of amounts) {
    const match = FEN.exec(amount.trim());
    if (!match) throw new Error(`not an amount to the fen: "${amount}"`);
    fen += BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  }
  const digits = fen.toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
