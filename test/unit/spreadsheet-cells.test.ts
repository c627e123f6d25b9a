import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { HubDecimal } from '../../common/money';
import { csvCell, csvLine, xlsxRow } from '../../common/tabular/spreadsheet-cells';
import { csvRecords } from '../../common/tabular/csv-records';

async function parseCsv(text: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const record of csvRecords(
    (async function* () {
      yield text;
    })(),
  ))
    rows.push(record.cells);
  return rows;
}

describe('spreadsheet cells of exports', () => {
  it('neutralises text beginning with each of = + - @ tab and CR: a leading quote, the whole cell quoted', () => {
    expect(csvCell(`=cmd|' /C calc'!A0`)).toBe(`"'=cmd|' /C calc'!A0"`);
    expect(csvCell('+1+2')).toBe(`"'+1+2"`);
    expect(csvCell('-2+3')).toBe(`"'-2+3"`);
    expect(csvCell('@SUM(A1:A9)')).toBe(`"'@SUM(A1:A9)"`);
    expect(csvCell('\t=1+1')).toBe(`"'\t=1+1"`);
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
    // Its own double quotes doubled, so the cell cannot be closed early.
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
  });

  it('leaves other text as it is, quoting only what holds a comma, a quote or a line break', () => {
    expect(csvCell('脱贫户')).toBe('脱贫户');
    expect(csvCell('ROSTER_INVALID_CATEGORY')).toBe('ROSTER_INVALID_CATEGORY');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('')).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('writes numbers the exporter holds as numbers (negative amounts included) bare, and numeric-looking text as text', () => {
    expect(csvCell(17)).toBe('17');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(new HubDecimal('-12.50'))).toBe('-12.50');
    expect(csvCell(new HubDecimal('0'))).toBe('0.00');
    expect(csvCell(new HubDecimal('0.0385'))).toBe('0.0385');
    // A string is text whatever it looks like: OWASP's rule for any leading '-'.
    expect(csvCell('-12.50')).toBe(`"'-12.50"`);
    expect(() => csvCell(Number.NaN)).toThrow(TypeError);
  });

  it('reads back, through the hub’s own CSV reader, as one cell per value with the quote in front', async () => {
    const hostile = ["=cmd|' /C calc'!A0", '+1', '-1', '@A1', '\tx', '\rx', 'a,"b"'];
    const line = csvLine([2, ...hostile]);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(await parseCsv(line)).toEqual([['2', ...hostile.map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v))]]);
  });

  it('gives XLSX plain strings and numbers: read back, a hostile value is a string cell with no formula', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out });
    const sheet = writer.addWorksheet('t');
    sheet.addRow(xlsxRow(['=HYPERLINK("http://x")', '-12.50', new HubDecimal('-12.50'), 3, null])).commit();
    sheet.commit();
    await writer.commit();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as never);
    const row = workbook.worksheets[0].getRow(1);
    expect(row.getCell(1)).toMatchObject({ type: ExcelJS.ValueType.String, value: '=HYPERLINK("http://x")', formula: undefined });
    expect(row.getCell(2)).toMatchObject({ type: ExcelJS.ValueType.String, value: '-12.50' });
    expect(row.getCell(3)).toMatchObject({ type: ExcelJS.ValueType.Number, value: -12.5 });
    expect(row.getCell(4)).toMatchObject({ type: ExcelJS.ValueType.Number, value: 3 });
    expect(row.getCell(5).type).toBe(ExcelJS.ValueType.Null);
  });
});
