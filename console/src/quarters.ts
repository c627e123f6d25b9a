/** The quarters the finance pages offer, plain functions (the browser test uses them too). */

/** "2026Q2" of an instant, in Asia/Shanghai. */
export function quarterOf(date: Date): { year: number; quarter: number } {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(date).split('-').map(Number);
  return { year, quarter: Math.floor((month - 1) / 3) + 1 };
}

/** The quarters offered: two years back to the next one, newest first. */
export function quarterOptions(today = new Date()): string[] {
  const { year, quarter } = quarterOf(today);
  const out: string[] = [];
  let y = quarter === 4 ? year + 1 : year;
  let q = quarter === 4 ? 1 : quarter + 1;
  for (let i = 0; i < 10; i++) {
    out.push(`${y}Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return out;
}
