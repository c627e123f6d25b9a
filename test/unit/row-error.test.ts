import { rowErrorFactory } from '../../common/tabular/row-error';

const rowError = rowErrorFactory({ DUPLICATE: { zh: '证件号码重复', en: 'the ID number is repeated' } });

describe('row errors of a repeated value', () => {
  it('name the first five other rows and count them all, however many the staging query returned', () => {
    const error = rowError(2, '证件号码', '532***********1234', 'DUPLICATE', { otherRows: [3, 4, 5, 6, 7], otherCount: 41 });
    expect(error.messageEn).toBe('the ID number is repeated (also rows 3, 4, 5, 6, 7 and 36 more)');
    expect(error.messageZh).toBe('证件号码重复(另见第3、4、5、6、7行等41行)');
    expect(rowError(6, '证件号码', 'x', 'DUPLICATE', { otherRows: [2] }).messageEn).toBe('the ID number is repeated (also row 2)');
  });
});
