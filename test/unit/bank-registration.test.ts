/** A bank's registration checked alone (subgraphs/loans/src/bank/domain/bank-registration.ts). */
import { checkChanges, checkRegistration, prefixesClash, type BankRegistration } from '../../subgraphs/loans/src/bank/domain/bank-registration';

const valid: BankRegistration = {
  code: 'QJCCB',
  name: ' 曲靖市商业银行 ',
  nameEn: 'Qujing  City Commercial Bank',
  cardPrefixes: ['623092', '623091', '623092'],
  connectorUrl: 'https://connector.example.cn/huinong/',
  credentialRef: 'vault:huinong/banks/qjccb',
  countyCodes: ['530302', '530302'],
};
const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'ACCEPTED';
  } catch (error) {
    return `${(error as { code: string }).code} ${(error as { field?: string }).field}`;
  }
};

describe('bank registration', () => {
  it('is stored trimmed, deduplicated and sorted', () => {
    expect(checkRegistration(valid)).toEqual({
      code: 'QJCCB',
      name: '曲靖市商业银行',
      nameEn: 'Qujing City Commercial Bank',
      cardPrefixes: ['623091', '623092'],
      connectorUrl: 'https://connector.example.cn/huinong',
      credentialRef: 'vault:huinong/banks/qjccb',
      countyCodes: ['530302'],
    });
    expect(checkRegistration({ ...valid, connectorUrl: '', credentialRef: null })).toMatchObject({ connectorUrl: null, credentialRef: null });
  });

  it.each([
    [{ code: 'qjccb' }, 'BANK_INVALID_CODE code'],
    [{ name: 'Q' }, 'BANK_INVALID_NAME name'],
    [{ nameEn: '' }, 'BANK_INVALID_NAME nameEn'],
    [{ cardPrefixes: ['62284'] }, 'BANK_INVALID_CARD_PREFIX cardPrefixes[0]'],
    [{ cardPrefixes: ['623091', '623091001'] }, 'BANK_INVALID_CARD_PREFIX cardPrefixes[1]'],
    [{ cardPrefixes: ['62309100', '623091'] }, 'BANK_INVALID_CARD_PREFIX cardPrefixes'],
    [{ connectorUrl: 'https://connector.example.cn/#frag' }, 'BANK_INVALID_CONNECTOR_URL connectorUrl'],
    [{ credentialRef: 'abc_token' }, 'BANK_INVALID_CREDENTIAL_REF credentialRef'],
    [{ credentialRef: 'TOKEN=s3cret' }, 'BANK_INVALID_CREDENTIAL_REF credentialRef'],
    [{ countyCodes: ['53230'] }, 'BANK_INVALID_COUNTY countyCodes[0]'],
  ])('refuses %j', (overrides, expected) => {
    expect(codeOf(() => checkRegistration({ ...valid, ...overrides }))).toBe(expected);
  });

  it('checks only what an update gives; null clears the connector fields', () => {
    expect(checkChanges({ nameEn: ' Qujing Bank ', connectorUrl: null })).toEqual({ nameEn: 'Qujing Bank', connectorUrl: null });
    expect(checkChanges({})).toEqual({});
    expect(codeOf(() => checkChanges({ cardPrefixes: ['x'] }))).toBe('BANK_INVALID_CARD_PREFIX cardPrefixes[0]');
  });

  it('sees a clash when one prefix begins the other', () => {
    expect([prefixesClash('621234', '62123456'), prefixesClash('62123456', '621234'), prefixesClash('621234', '621235')]).toEqual([true, true, false]);
  });
});
