/**
 * Scalar arguments that fail parsing (a malformed DateTimeISO), answered BAD_USER_INPUT through
 * the gateway instead of INTERNAL_SERVER_ERROR.
 *
 * Where the code was lost: the gateway cannot check a custom scalar (in the supergraph it is an
 * opaque name), so the malformed value reaches the subgraph, which refuses the whole request with
 * HTTP 400 (GraphQL validation for a literal, variable coercion for a variable), each error with
 * its code. The gateway's RemoteGraphQLDataSource turns any non-2xx answer into a bare
 * "400: Bad Request" error without those codes, and the gateway masks that as internal.
 *
 * So a subgraph's input scalars never fail while the request is parsed: a value they cannot read
 * becomes an InvalidScalarInput, and each field taking such an argument refuses it as it
 * resolves, before its resolver runs: BAD_USER_INPUT naming the argument (`field`) and why. The
 * subgraph then answers an ordinary 200 with that error, which the gateway passes on unchanged.
 * No resolver ever receives an InvalidScalarInput.
 */
import {
  defaultFieldResolver,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { badInput } from '../errors/hub-error';

/** Marks, in a scalar's extensions, one that defers its parse errors (extensions survive buildSubgraphSchema). */
const DEFERS_PARSE_ERRORS = 'huinongDefersParseErrors';

/** A scalar argument value that could not be read, carried to the field that takes it. */
export class InvalidScalarInput {
  constructor(
    readonly scalar: string,
    readonly reason: string,
  ) {}
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The same scalar (name, description, serialization), whose parse errors wait for the field that takes the value. */
export function deferringParseErrors(scalar: GraphQLScalarType): GraphQLScalarType {
  const config = scalar.toConfig();
  return new GraphQLScalarType({
    ...config,
    extensions: { ...config.extensions, [DEFERS_PARSE_ERRORS]: true },
    parseValue(value) {
      try {
        return config.parseValue!(value);
      } catch (error) {
        return new InvalidScalarInput(config.name, reasonOf(error));
      }
    },
    parseLiteral(ast, variables) {
      try {
        const value = config.parseLiteral!(ast, variables);
        // graphql-js also reads undefined as "not a valid literal".
        return value === undefined ? new InvalidScalarInput(config.name, `${config.name} cannot represent this literal`) : value;
      } catch (error) {
        return new InvalidScalarInput(config.name, reasonOf(error));
      }
    },
  });
}

/** type-graphql's scalar for `Date` (graphql-scalars' DateTimeISO), deferring its parse errors. */
export const DateTimeISOScalar = deferringParseErrors(GraphQLDateTimeISO);

function defers(scalar: GraphQLScalarType): boolean {
  return scalar.extensions?.[DEFERS_PARSE_ERRORS] === true;
}

/** Whether a value of this input type can hold a deferring scalar anywhere inside. */
function canHoldInvalid(type: GraphQLInputType, seen = new Set<GraphQLInputObjectType>()): boolean {
  if (isNonNullType(type) || isListType(type)) return canHoldInvalid(type.ofType, seen);
  if (isScalarType(type)) return defers(type);
  if (isInputObjectType(type)) {
    if (seen.has(type)) return false;
    seen.add(type);
    return Object.values(type.getFields()).some((field) => canHoldInvalid(field.type, seen));
  }
  return false;
}

/** The first unreadable scalar in an argument value, with its path (`at`, `input.loans[2].when`). */
function findInvalid(value: unknown, type: GraphQLInputType, path: string): { path: string; invalid: InvalidScalarInput } | null {
  if (value instanceof InvalidScalarInput) return { path, invalid: value };
  if (value === null || value === undefined) return null;
  if (isNonNullType(type)) return findInvalid(value, type.ofType, path);
  if (isListType(type)) {
    if (!Array.isArray(value)) return findInvalid(value, type.ofType, path);
    for (let i = 0; i < value.length; i++) {
      const found = findInvalid(value[i], type.ofType, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(type) && typeof value === 'object') {
    for (const [name, field] of Object.entries(type.getFields())) {
      const found = findInvalid((value as Record<string, unknown>)[name], field.type, `${path}.${name}`);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Makes every field that takes a deferring scalar refuse an unreadable value before its resolver
 * runs. Changes the schema in place (and returns it); fields without such an argument are untouched.
 */
export function refuseInvalidScalarArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const guarded = field.args.filter((arg) => canHoldInvalid(arg.type));
      if (guarded.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        for (const arg of guarded) {
          const found = findInvalid(args[arg.name], arg.type, arg.name);
          if (found) throw badInput(`${found.path} is not a valid ${found.invalid.scalar}: ${found.invalid.reason}`, found.path);
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
