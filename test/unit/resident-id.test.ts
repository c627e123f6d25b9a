import { checkCharacter, checkResidentId, composeResidentId } from '../../common/domain/resident-id';

describe('resident ID (GB 11643, ISO 7064 MOD 11-2)', () => {
  // The standard's own example: 11010519491231002X.
  it('accepts the GB 11643 example number', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkResidentId('11010519491231002X')).toEqual({ ok: true, normalized: '11010519491231002X', birthDate: '1949-12-31' });
  });

  it('accepts a lowercase x and normalizes it', () => {
    const result = checkResidentId(' 11010519491231002x ');
    expect(result.ok).toBe(true);
    expect(result.normalized).toBe('11010519491231002X');
  });

  it('computes a check digit that makes composed numbers valid', () => {
    const id = composeResidentId('532301', '1980-02-29', 123);
    expect(id).toMatch(/^53230119800229123[\dX]$/);
    expect(checkResidentId(id).ok).toBe(true);
  });

  it.each([
    ['11010519491231002Y', 'FORMAT'],
    ['1101051949123100', 'FORMAT'],
    ['11010519490230002X', 'BIRTH_DATE'], // 1949-02-30 does not exist
    ['11010519810229002X', 'BIRTH_DATE'], // 1981 is not a leap year
    ['11010530000101002X', 'BIRTH_DATE'], // in the future
    ['110105194912310021', 'CHECKSUM'],
  ])('rejects %s as %s', (input, problem) => {
    expect(checkResidentId(input, new Date('2026-11-22'))).toMatchObject({ ok: false, problem });
  });
});
