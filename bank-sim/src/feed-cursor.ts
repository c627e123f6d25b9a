/** The loan-record feed's paging cursor: opaque to clients, bound to the bank that issued it. */

/** Opaque to clients; here: which bank issued it and the feed position after the page. */
export function encodeCursor(bankCode: string, position: number): string {
  return Buffer.from(`feed:${bankCode}:${position}`).toString('base64url');
}

export function decodeCursor(bankCode: string, cursor: string): number | null {
  const match = /^feed:([A-Z0-9_]+):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match && match[1] === bankCode ? Number(match[2]) : null;
}
