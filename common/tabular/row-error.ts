/**
 * One problem found in a row of an imported file: the shape every file import stores and
 * reports. Each import keeps its own codes and messages; only the shape and its factory are
 * shared.
 */
export interface RowError<Code extends string = string> {
  /** 1-based row in the file, counting the header row as row 1. */
  row: number;
  /** The column header as the file has it ('' for whole-row problems). */
  column: string;
  /** The offending value, masked when it is personal data. */
  value: string;
  code: Code;
  messageZh: string;
  messageEn: string;
}

/** Each code's message in Chinese for the clerk and in English for everyone else. */
export type RowErrorMessages<Code extends string> = Record<Code, { readonly zh: string; readonly en: string }>;

/**
 * The messages of the checks every import of people makes alike (a required cell, the resident
 * ID as common/domain/resident-id checks it, an ID repeated within the file); each import keys
 * them by codes of its own.
 */
export const PERSON_ROW_MESSAGES = {
  MISSING_VALUE: { zh: '必填项为空', en: 'required value is empty' },
  INVALID_ID_FORMAT: { zh: '身份证号码应为18位(末位可为X)', en: 'ID number must be 18 characters (the last may be X)' },
  INVALID_BIRTH_DATE: { zh: '身份证号码中的出生日期不存在', en: 'the birth date in the ID number does not exist' },
  INVALID_ID_CHECKSUM: { zh: '身份证号码校验位错误', en: 'the ID number check character is wrong' },
  DUPLICATE_ID_IN_FILE: { zh: '同一身份证号码在文件中出现多次', en: 'the same ID number appears more than once in the file' },
} as const;

/** What a row's error adds to its code's message: the other rows of a value repeated within the file. */
export interface RowErrorDetail {
  /** The first of them (the message names NAMED_ROWS). */
  otherRows?: readonly number[];
  /** How many there are in all, when more than otherRows lists. */
  otherCount?: number;
}

export type RowErrorFactory<Code extends string> = (row: number, column: string, value: string, code: Code, detail?: RowErrorDetail) => RowError<Code>;

/** At most this many other rows are named; the rest are counted. */
export const NAMED_ROWS = 5;

/** An import's row-error factory: the messages follow from the code, so no caller can mismatch them. */
export function rowErrorFactory<Code extends string>(messages: RowErrorMessages<Code>): RowErrorFactory<Code> {
  return (row, column, value, code, detail) => {
    let zh = messages[code].zh;
    let en = messages[code].en;
    const others = detail?.otherRows ?? [];
    const total = Math.max(detail?.otherCount ?? 0, others.length);
    if (others.length > 0) {
      const named = others.slice(0, NAMED_ROWS);
      const more = total - named.length;
      zh += `(另见第${named.join('、')}行${more > 0 ? `等${total}行` : ''})`;
      en += ` (also row${total > 1 ? 's' : ''} ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''})`;
    }
    return { row, column, value, code, messageZh: zh, messageEn: en };
  };
}
