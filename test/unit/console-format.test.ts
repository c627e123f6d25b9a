/** The console's own logic: money to the fen, Asia/Shanghai dates, and the hub's messages for a refusal. */
import { formatCount, formatDate, formatDateTime, formatFen, formatYuan } from '../../console/src/format';
import { graphQLErrorMessage, httpErrorMessage } from '../../console/src/hub-errors';

describe('console formatting', () => {
  it('shows money to the fen with separators, from the decimal string, never through a float', () => {
    expect(formatFen('13017.11')).toBe('13,017.11');
    expect(formatFen('1234567.1')).toBe('1,234,567.10');
    expect(formatFen('0.5')).toBe('0.50');
    expect(formatFen('-50000')).toBe('-50,000.00');
    expect(formatFen('0.005')).toBe('0.01');
    expect(formatFen('999.995')).toBe('1,000.00');
    expect(formatFen('-0.001')).toBe('0.00');
    expect(formatFen('90071992547409931.23')).toBe('90,071,992,547,409,931.23');
    expect(formatYuan('58.2')).toBe('¥58.20');
    expect(formatYuan('58.2', 'en')).toBe('CNY 58.20');
    expect(() => formatFen('1e3')).toThrow('not a decimal amount');
  });

  it('shows instants in Asia/Shanghai whatever the machine runs in', () => {
    expect(formatDateTime('2026-12-02T17:30:05Z')).toBe('2026-12-03 01:30:05');
    expect(formatDate('2026-09-20T16:00:00Z')).toBe('2026-09-21');
    expect(formatDate('2026-09-20T15:59:59Z')).toBe('2026-09-20');
    expect(formatDateTime(null)).toBe('—');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});

describe("the hub's messages in the console", () => {
  const refusal = { message: 'version 3 of county 532301 is published, not a draft', extensions: { code: 'ROSTER_NOT_A_DRAFT', zh: '该版本不是草稿' } };

  it("takes a GraphQL error's Chinese from extensions.zh and its English from the message", () => {
    expect(graphQLErrorMessage(refusal, 'zh')).toEqual({ code: 'ROSTER_NOT_A_DRAFT', text: '该版本不是草稿' });
    expect(graphQLErrorMessage(refusal, 'en')).toEqual({ code: 'ROSTER_NOT_A_DRAFT', text: refusal.message });
    expect(graphQLErrorMessage({ message: 'token expired', extensions: { code: 'UNAUTHENTICATED' } }, 'zh').text).toBe('token expired');
  });

  it("reads an HTTP endpoint's error body, or says the status when there is none", () => {
    const body = JSON.stringify({
      error: 'only the bureau of county 532301 may import its roster',
      code: 'FORBIDDEN',
      kind: 'FORBIDDEN',
      zh: '只有本县乡村振兴局可以导入名单',
    });
    expect(httpErrorMessage(403, body, 'zh')).toEqual({ code: 'FORBIDDEN', text: '只有本县乡村振兴局可以导入名单' });
    expect(httpErrorMessage(403, body, 'en').text).toBe('only the bureau of county 532301 may import its roster');
    expect(httpErrorMessage(401, JSON.stringify({ error: 'token expired', code: 'UNAUTHENTICATED' }), 'zh').text).toBe('token expired');
    expect(httpErrorMessage(502, '<html>bad gateway</html>', 'zh').text).toBe('服务器返回 HTTP 502');
  });
});
