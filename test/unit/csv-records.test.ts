import { csvRecords } from '../../common/tabular/csv-records';

async function parse(chunks: string[]) {
  const out: { row: number; cells: string[] }[] = [];
  for await (const record of csvRecords(
    (async function* () {
      yield* chunks;
    })(),
  ))
    out.push(record);
  return out;
}

/** Every way of cutting the text into two chunks must give the same records. */
async function parseAllSplits(text: string) {
  const whole = await parse([text]);
  for (let cut = 0; cut <= text.length; cut++) expect(await parse([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
  return whole;
}

describe('CSV records', () => {
  it('reads plain lines, CRLF and LF, skipping blank lines and a BOM', async () => {
    expect(await parseAllSplits('\uFEFFa,b,c\r\n1,2,3\n\n4,,6\r\n')).toEqual([
      { row: 1, cells: ['a', 'b', 'c'] },
      { row: 2, cells: ['1', '2', '3'] },
      { row: 3, cells: ['4', '', '6'] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', async () => {
    expect(await parseAllSplits('户编号,备注\r\n001,"东兴社区,3组"\r\n002,"他说""好"""\r\n003,"两\r\n行"\r\n004,末行')).toEqual([
      { row: 1, cells: ['户编号', '备注'] },
      { row: 2, cells: ['001', '东兴社区,3组'] },
      { row: 3, cells: ['002', '他说"好"'] },
      { row: 4, cells: ['003', '两\r\n行'] },
      { row: 5, cells: ['004', '末行'] },
    ]);
  });

  it('says so when the file ends inside quotes', async () => {
    await expect(parse(['a,b\n1,"unterminated\n'])).rejects.toThrow(/ends inside a quoted field \(record 2\)/);
  });
});
