import Decimal from 'decimal.js';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { parseDecimal } from '../money';

function fromInput(value: unknown): Decimal {
  if (typeof value !== 'string') {
    // A JSON number has already been through a float: refuse it rather than guess.
    throw new GraphQLError('Decimal values are sent as strings, e.g. "50000.00"', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  try {
    return parseDecimal(value);
  } catch (error) {
    throw new GraphQLError((error as Error).message, { extensions: { code: 'BAD_USER_INPUT' } });
  }
}

export const DecimalScalar = new GraphQLScalarType<Decimal, string>({
  name: 'Decimal',
  description: 'An exact decimal number (money, rates), sent as a string: "50000.00", "0.0345".',
  serialize(value) {
    if (Decimal.isDecimal(value)) return (value as Decimal).toFixed();
    if (typeof value === 'string') return parseDecimal(value).toFixed();
    throw new GraphQLError('Decimal fields must resolve to a decimal.js value');
  },
  parseValue: fromInput,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Decimal literals are strings, e.g. "50000.00"', { extensions: { code: 'BAD_USER_INPUT' } });
    return fromInput(ast.value);
  },
});
