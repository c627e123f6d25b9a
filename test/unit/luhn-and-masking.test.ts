import { mask } from '../../common/pii/masking';
import { isValidLuhn, luhnCheckDigit } from '../../subgraphs/funds/src/domain/luhn';

describe('Luhn check digit', () => {
  it('matches known card numbers', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3); // the textbook example 79927398713
    expect(isValidLuhn('79927398713')).toBe(false); // too short for a bank card (12-19 digits)
    expect(isValidLuhn('4111111111111111')).toBe(true);
    expect(isValidLuhn('4111111111111112')).toBe(false);
    expect(isValidLuhn('6217 7900 0000 0000')).toBe(false); // spaces are not digits
  });
});

describe('masking', () => {
  it('keeps the first 3 and last 4 of an ID number', () => {
    expect(mask('residentId', '11010519491231002X')).toBe('110***********002X');
  });
  it('masks a phone as 138****1234', () => {
    expect(mask('phone', '13812341234')).toBe('138****1234');
  });
  it('keeps the first 6 and last 4 of a card number', () => {
    expect(mask('cardNumber', '6217790012345678901')).toBe('621779*********8901');
  });
  it('keeps a surname and one star, whatever the length of the name', () => {
    expect(mask('name', '李文')).toBe('李*');
    expect(mask('name', '欧阳明华')).toBe('欧*');
    expect(mask('name', '李')).toBe('*');
  });
  it('masks a value too short to keep anything entirely', () => {
    expect(mask('phone', '1234567')).toBe('*******');
  });
  it('follows configured rules', () => {
    const strict = {
      residentId: { keepStart: 0, keepEnd: 2 },
      phone: { keepStart: 0, keepEnd: 0 },
      cardNumber: { keepStart: 0, keepEnd: 4 },
      name: { keepStart: 0, keepEnd: 0 },
    };
    expect(mask('residentId', '11010519491231002X', strict)).toBe('****************2X');
    expect(mask('name', '李文', strict)).toBe('*');
  });
});
