import { graphql, GraphQLObjectType, GraphQLSchema } from 'graphql';
import Decimal from 'decimal.js';
import { DecimalScalar } from '../../common/graphql/decimal.scalar';
import { HubDecimal, parseDecimal, toFen } from '../../common/money';
import { decimalTransformer } from '../../common/db/decimal.transformer';

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      echo: { type: DecimalScalar, args: { value: { type: DecimalScalar } }, resolve: (_root, args: { value: Decimal }) => args.value.plus(0) },
      amount: { type: DecimalScalar, resolve: () => new HubDecimal('50000') },
    },
  }),
});

describe('Decimal scalar', () => {
  it('serializes with at least two decimals and keeps more when there are more', async () => {
    const result = await graphql({ schema, source: '{ amount a: echo(value: "0.0385") b: echo(value: "1234.5") }' });
    expect(result.data).toEqual({ amount: '50000.00', a: '0.0385', b: '1234.50' });
  });

  it('is exact where floats are not', async () => {
    const result = await graphql({ schema, source: 'query($v: Decimal) { echo(value: $v) }', variableValues: { v: '12345678901234567.123456789012' } });
    expect(result.data?.echo).toBe('12345678901234567.123456789012');
  });

  it.each([
    ['{ echo(value: 1.5) }', undefined, /Decimal literals are strings/],
    ['query($v: Decimal) { echo(value: $v) }', { v: 1.5 }, /sent as strings/],
    ['query($v: Decimal) { echo(value: $v) }', { v: '1e5' }, /not a decimal number/],
    ['query($v: Decimal) { echo(value: $v) }', { v: '1,000.00' }, /not a decimal number/],
  ])('refuses %s %j', async (source, variableValues, message) => {
    const result = await graphql({ schema, source, variableValues });
    expect(result.errors?.[0].message).toMatch(message);
  });
});

describe('money helpers', () => {
  it('rounds half up to the fen', () => {
    expect(toFen(parseDecimal('2.675')).toFixed(2)).toBe('2.68'); // a float would give 2.67
    expect(toFen(parseDecimal('0.005')).toFixed(2)).toBe('0.01');
    expect(toFen(parseDecimal('-0.005')).toFixed(2)).toBe('-0.01');
  });

  it('maps NUMERIC text to decimal.js and back without a float in between', () => {
    const value = decimalTransformer.from('12345678901234567.89') as Decimal;
    expect(value.toFixed(2)).toBe('12345678901234567.89');
    expect(decimalTransformer.to(value)).toBe('12345678901234567.89');
    expect(decimalTransformer.from(null)).toBeNull();
  });
});
