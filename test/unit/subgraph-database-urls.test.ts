/** DATABASE_URL_<SUBGRAPH>: each subgraph's own database, falling back to DATABASE_URL, checked like every URL. */
import { ConfigError, loadConfig } from '../../common/config';

describe('each subgraph’s database URL', () => {
  it('falls back to DATABASE_URL, or to nothing when that is unset too', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://hub@db/hub' }).subgraphDatabaseUrls).toEqual({
      households: 'postgres://hub@db/hub',
      loans: 'postgres://hub@db/hub',
      funds: 'postgres://hub@db/hub',
    });
    expect(loadConfig({}).subgraphDatabaseUrls).toEqual({ households: undefined, loans: undefined, funds: undefined });
  });

  it('takes each subgraph’s own where given, the others (and the queues) staying on DATABASE_URL', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://hub@db/hub',
      DATABASE_URL_LOANS: 'postgres://huinong_loans:pw@loans-db:5432/loans',
      DATABASE_URL_FUNDS: 'postgres://huinong_funds@funds-db/funds',
    });
    expect(config.subgraphDatabaseUrls).toEqual({
      households: 'postgres://hub@db/hub',
      loans: 'postgres://huinong_loans:pw@loans-db:5432/loans',
      funds: 'postgres://huinong_funds@funds-db/funds',
    });
    expect(config.databaseUrl).toBe('postgres://hub@db/hub');
    // Without DATABASE_URL, a subgraph given its own still has it.
    expect(loadConfig({ DATABASE_URL_HOUSEHOLDS: 'postgres://h@db/h' }).subgraphDatabaseUrls.households).toBe('postgres://h@db/h');
  });

  it('refuses one that is not a URL, naming its variable', () => {
    expect(() => loadConfig({ DATABASE_URL_FUNDS: 'funds-db/funds' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL_FUNDS: 'funds-db/funds' })).toThrow('DATABASE_URL_FUNDS must be a URL (got "funds-db/funds")');
  });
});
