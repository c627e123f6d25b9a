import { copyLine, copyValue } from '../../common/tabular/copy-text';

describe('COPY text values', () => {
  it('writes plain text as it is and escapes what COPY reads as structure', () => {
    expect(copyValue('李文华')).toBe('李文华');
    expect(copyValue('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyValue('\\N')).toBe('\\\\N');
  });

  it('writes null, booleans, numbers and bytes as COPY reads them', () => {
    expect(copyValue(null)).toBe('\\N');
    expect([copyValue(true), copyValue(false)]).toEqual(['t', 'f']);
    expect(copyValue(2016)).toBe('2016');
    expect(copyValue(Buffer.from([0, 255, 16]))).toBe('\\\\x00ff10');
    expect(copyLine(['x\ty', null, 3])).toBe('x\\ty\t\\N\t3');
  });
});
