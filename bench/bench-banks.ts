/** The five banks a county-sized benchmark lends through (the simulator runs one desk each), and the token it gives the connector. */
export const BENCH_BANKS = [
  { code: 'ABC', name: '中国农业银行' },
  { code: 'PSBC', name: '中国邮政储蓄银行' },
  { code: 'YNRCC', name: '农村信用合作联社' },
  { code: 'CCB', name: '中国建设银行' },
  { code: 'ICBC', name: '中国工商银行' },
];

export const BENCH_CONNECTOR_TOKEN = 'bench-bank-connector-token';
