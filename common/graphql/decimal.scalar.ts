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

/** At least two decimal places, so amounts read to the fen ("40000.00"); rates keep theirs ("0.0385"). */
function toWire(value: Decimal): string {
  return value.toFixed(Math.max(2, value.decimalPlaces()));
}

export const DecimalScalar = new GraphQLScalarType<Decimal, string>({
  name: 'Decimal',
  description: 'An exact decimal number (money, rates), sent as a string with at least two decimals: "50000.00", "0.0345". Never a float.',
  serialize(value) {
    if (Decimal.isDecimal(value)) return toWire(value as Decimal);
    if (typeof value === 'string') return toWire(parseDecimal(value));
    throw new GraphQLError('Decimal fields must resolve to a decimal.js value');
  },
  parseValue: fromInput,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Decimal literals are strings, e.g. "50000.00"', { extensions: { code: 'BAD_USER_INPUT' } });
    return fromInput(ast.value);
  },
});
