/**
 * The header rows of real provincial forms and national exports (issue 14; sources in
 * docs/roster-headers.md) map onto the roster's and the 一卡通 file's fields as expected: each
 * label that means a field the hub stores is read as that field, every other one is reported
 * as ignored, and what the source lacks is missing. The labels are the sources' own, in their order.
 */
import { mapHeaders } from '../../subgraphs/households/src/roster/domain/roster-fields';
import { mapOneCardHeaders } from '../../subgraphs/funds/src/one-card-import/domain/import-fields';
import { GUIZHOU, HUNAN_HOUSEHOLD, HUNAN_MEMBERS, NATIONAL, SICHUAN } from '../support/province-headers';

type Mapping = { mapped: { column: string; field?: string }[]; ignored: { column: string; header: string }[]; missing: string[] };
const fields = (m: Mapping) => m.mapped.map((c) => `${c.column}:${c.field}`);
const ignored = (m: Mapping) => m.ignored.map((c) => `${c.column}:${c.header}`);

describe('roster: the provinces’ and the national system’s header rows', () => {
  it('national 已脱贫人口名单: every hub field read, the person columns ignored, nothing missing', () => {
    const m = mapHeaders(NATIONAL);
    expect(fields(m)).toEqual([
      'B:dataDate',
      'C:county',
      'D:township',
      'E:village',
      'G:householdNo',
      'I:headName',
      'J:idNumber',
      'K:memberCount',
      'X:phone',
      'AB:category',
      'AC:monitoringType',
      'AD:riskEliminated',
    ]);
    expect(ignored(m)).toEqual(
      expect.arrayContaining(['A:序号', 'F:自然村', 'H:人编号', 'L:与户主关系', 'R:务工时间（月）', 'Y:人联系电话', 'AE:风险识别时间', 'AF:风险消除时间']),
    );
    expect(m.ignored).toHaveLength(NATIONAL.length - 12);
    expect(m.missing).toEqual([]);
  });

  it('贵州: the 登记表’s places, head, phone and ID are read; its bank columns are not a roster’s; it has no household number, type or size', () => {
    const m = mapHeaders(GUIZHOU);
    expect(fields(m)).toEqual(['C:county', 'D:township', 'E:village', 'G:headName', 'H:phone', 'I:idNumber']);
    expect(ignored(m)).toEqual(['A:省(区、市)', 'B:市(地、州、盟)', 'F:村民小组', 'J:开户银行', 'K:银行账号']);
    expect(m.missing).toEqual(['householdNo', 'category', 'memberCount']);
  });

  it('湖南: 农户姓名 is the head’s name; 乡(镇) and 村(居委会) are read, 组 is reported', () => {
    const household = mapHeaders(HUNAN_HOUSEHOLD);
    expect(fields(household)).toEqual(['A:headName', 'B:township', 'C:village']);
    expect(ignored(household)).toEqual(['D:组']);
    const members = mapHeaders(HUNAN_MEMBERS);
    expect(fields(members)).toEqual(['B:headName', 'D:idNumber', 'F:phone']);
    expect(ignored(members)).toEqual(['A:关系', 'C:性别', 'E:从事主要职业']);
  });
});

describe('一卡通 account file: the provinces’ header rows', () => {
  it('贵州: holder, ID, bank and account are read with the places; the phone is reported', () => {
    const m = mapOneCardHeaders(GUIZHOU);
    expect(fields(m)).toEqual(['C:county', 'D:township', 'E:village', 'G:holderName', 'I:idNumber', 'J:issuingBank', 'K:accountNumber']);
    expect(ignored(m)).toEqual(['A:省(区、市)', 'B:市(地、州、盟)', 'F:村民小组', 'H:联系电话']);
    expect(m.missing).toEqual([]);
  });

  it('四川: 社保账号 is the account; the register names no bank, so that column is missing', () => {
    const m = mapOneCardHeaders(SICHUAN);
    expect(fields(m)).toEqual(['A:holderName', 'B:idNumber', 'D:accountNumber']);
    expect(ignored(m)).toEqual(['C:土地面积']);
    expect(m.missing).toEqual(['issuingBank']);
  });
});
