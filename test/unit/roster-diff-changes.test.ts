import { ComparedValues, fieldChanges } from '../../subgraphs/households/src/roster/domain/diff-changes';

const before: ComparedValues = {
  township: '532301100',
  village: '532301100001',
  headName: '张*',
  idNumber: '532***********1234',
  phone: null,
  category: 'LIFTED_OUT',
  isMonitored: false,
  riskEliminated: null,
  liftedOutYear: 2019,
  memberCount: 4,
};

describe('a roster diff line, field by field', () => {
  it('gives each changed field its old and new value as text, in the order the diff named them', () => {
    const after = { ...before, memberCount: 5, isMonitored: true, phone: '138****5678', liftedOutYear: null };
    expect(fieldChanges(['isMonitored', 'phone', 'liftedOutYear', 'memberCount'], before, after)).toEqual([
      { field: 'isMonitored', from: 'false', to: 'true' },
      { field: 'phone', from: null, to: '138****5678' },
      { field: 'liftedOutYear', from: '2019', to: null },
      { field: 'memberCount', from: '4', to: '5' },
    ]);
  });

  it('lists a personal field whose masked values read the same (the hashes differ), and drops names it does not know', () => {
    expect(fieldChanges(['headName', 'somethingElse'], before, { ...before })).toEqual([{ field: 'headName', from: '张*', to: '张*' }]);
  });
});
