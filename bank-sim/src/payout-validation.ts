/**
 * Checks a payout batch as a careful bank would before paying any of it, and names the first
 * field that is wrong ("lines[3].amount: must be more than 0.00"). Messages never quote account
 * numbers or names: they are personal data.
 *
 * Money is read with decimal.js, never as a float: every amount is `^\d+\.\d{2}$` and more than
 * 0, and `totalAmount` must equal the sum of the lines exactly.
 */
import { MAX_RECORDS_PER_MESSAGE, PayoutBatchMessage, PayoutInstruction } from '../../contracts/bank-connector/protocol';
import { HubDecimal } from '../../common/money';
import { BANK_CODE, COUNTY_CODE, Fields, MalformedDelivery } from './delivery-validation';

export const MONEY = /^\d+\.\d{2}$/;
/** At most 20 characters: 17 digits of yuan, far beyond any subsidy, and exact in decimal.js. */
const MONEY_MAX_LENGTH = 20;
export const QUARTER = /^\d{4}Q[1-4]$/;
/** A 一卡通 card or account number as banks write them: digits, letters, hyphens. */
export const ACCOUNT_NUMBER = /^[0-9A-Za-z-]{4,64}$/;
export const MAX_PAYOUT_LINES = MAX_RECORDS_PER_MESSAGE;

/** A money field, checked: the text as sent and its value. */
function money(fields: Fields, field: string): { text: string; value: HubDecimal } {
  const text = fields.string(field, { pattern: MONEY, maxLength: MONEY_MAX_LENGTH, describe: 'yuan with exactly two decimals, e.g. 1250.00' });
  const value = new HubDecimal(text);
  if (!value.gt(0)) throw new MalformedDelivery(fields.name(field), 'must be more than 0.00');
  return { text, value };
}

function readInstruction(value: unknown, path: string): { line: PayoutInstruction; amount: HubDecimal } {
  const fields = new Fields(value, path);
  const instructionId = fields.string('instructionId');
  const accountNumber = fields.string('accountNumber', { pattern: ACCOUNT_NUMBER, maxLength: 64, describe: '4–64 of 0–9, A–Z, a–z, -' });
  const holderName = fields.string('holderName', { maxLength: 100 });
  const amount = money(fields, 'amount');
  const householdId = fields.string('householdId');
  // A line may belong to an earlier quarter than its batch: a payment that failed then, sent again.
  const quarter = fields.string('quarter', { pattern: QUARTER, describe: 'a quarter like 2025Q3' });
  return { line: { instructionId, accountNumber, holderName, amount: amount.text, householdId, quarter }, amount: amount.value };
}

/** The batch, typed, or a MalformedDelivery naming the first wrong field. */
export function readPayoutBatch(body: unknown, servingBank: string): PayoutBatchMessage {
  const fields = new Fields(body, '');
  const batchId = fields.string('batchId');
  const bankCode = fields.string('bankCode', { pattern: BANK_CODE, describe: '2–16 of A–Z, 0–9, _' });
  if (bankCode !== servingBank) throw new MalformedDelivery('bankCode', 'names another bank than the one addressed');
  const countyCode = fields.string('countyCode', { pattern: COUNTY_CODE, describe: '6 digits' });
  const quarter = fields.string('quarter', { pattern: QUARTER, describe: 'a quarter like 2025Q3' });
  const total = money(fields, 'totalAmount');
  const values = fields.array('lines', MAX_PAYOUT_LINES);
  if (values.length === 0) throw new MalformedDelivery('lines', 'must hold at least one line');
  const read = values.map((value, index) => readInstruction(value, `lines[${index}]`));

  // An instruction appears once per batch: twice would pay it twice, or make the outcome depend on order.
  const seen = new Map<string, number>();
  read.forEach(({ line }, index) => {
    const earlier = seen.get(line.instructionId);
    if (earlier !== undefined) throw new MalformedDelivery(`lines[${index}].instructionId`, `repeats lines[${earlier}]`);
    seen.set(line.instructionId, index);
  });

  const sum = read.reduce((running, { amount }) => running.plus(amount), new HubDecimal(0));
  if (!sum.eq(total.value)) throw new MalformedDelivery('totalAmount', `must equal the sum of lines[].amount, ${sum.toFixed(2)}`);
  return { batchId, bankCode, countyCode, quarter, totalAmount: total.text, lines: read.map(({ line }) => line) };
}
