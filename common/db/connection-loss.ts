/** A database connection that went away (PostgreSQL's admin/crash shutdown codes, a reset socket): the worker says so in one line and goes on or stops. */
const CONNECTION_LOST_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE']);

export function isConnectionLoss(error: Error): boolean {
  const code = (error as { code?: string }).code;
  return (code !== undefined && CONNECTION_LOST_CODES.has(code)) || /Connection terminated|terminating connection/i.test(error.message);
}
