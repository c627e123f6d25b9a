/**
 * Display helpers of the console, plain functions (unit-tested under test/unit): money as the
 * hub sends it (a decimal string, never a float) shown to the fen with thousands separators, and
 * instants shown in the county's time zone, Asia/Shanghai, whatever the browser's.
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "13017.1" → "13,017.10"; "-0.5" → "-0.50". Rounds half up past the fen, on the digits. */
export function formatFen(amount: string): string {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new Error(`not a decimal amount: "${amount}"`);
  const [, sign, whole, fraction = ''] = match;
  let digits = (whole.replace(/^0+(?=\d)/, '') + (fraction + '00').slice(0, 2)).replace(/^0+(?=\d)/, '');
  if (fraction.length > 2 && fraction[2] >= '5') digits = addOne(digits);
  digits = digits.padStart(3, '0');
  const yuan = digits.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, ',');
  const result = `${yuan}.${digits.slice(-2)}`;
  return sign && /[1-9]/.test(digits) ? `-${result}` : result;
}

function addOne(digits: string): string {
  const chars = digits.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    if (chars[i] !== '9') {
      chars[i] = String(Number(chars[i]) + 1);
      return chars.join('');
    }
    chars[i] = '0';
  }
  return '1' + chars.join('');
}

/** "¥13,017.10" (zh) or "CNY 13,017.10" (en). */
export function formatYuan(amount: string, lang: 'zh' | 'en' = 'zh'): string {
  return (lang === 'zh' ? '¥' : 'CNY ') + formatFen(amount);
}

const parts = (date: Date, withTime: boolean) =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' as const } : {}),
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );

/** An instant as Beijing time: "2026-12-02 09:05:00". */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  const p = parts(date, true);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The calendar date of an instant in Asia/Shanghai: "2026-12-02". */
export function formatDate(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  const p = parts(date, false);
  return `${p.year}-${p.month}-${p.day}`;
}

/** A whole number with separators: 12345 → "12,345". */
export function formatCount(value: number): string {
  return String(Math.trunc(value)).replace(/\B(?=(\d{3})+$)/g, ',');
}
