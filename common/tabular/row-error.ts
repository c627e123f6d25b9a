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

export type RowErrorFactory<Code extends string> = (row: number, column: string, value: string, code: Code) => RowError<Code>;

/** An import's row-error factory: the messages follow from the code, so no caller can mismatch them. */
export function rowErrorFactory<Code extends string>(messages: RowErrorMessages<Code>): RowErrorFactory<Code> {
  return (row, column, value, code) => ({ row, column, value, code, messageZh: messages[code].zh, messageEn: messages[code].en });
}
