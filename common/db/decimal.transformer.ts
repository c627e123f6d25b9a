import Decimal from 'decimal.js';
import type { ValueTransformer } from 'typeorm';
import { HubDecimal } from '../money';

/** NUMERIC ↔ decimal.js. pg returns NUMERIC as a string; it is never passed through a float. */
export const decimalTransformer: ValueTransformer = {
  to: (value: Decimal | null | undefined) => (value == null ? value : value.toFixed()),
  from: (value: string | null) => (value == null ? null : new HubDecimal(value)),
};
