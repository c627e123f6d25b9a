/**
 * Builds a TypeGraphQL schema as an Apollo Federation 2 subgraph. The one place the
 * Federation version is pinned: every subgraph links the same spec.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, parse } from 'graphql';
import { buildSchema, BuildSchemaOptions, createResolversMap } from 'type-graphql';
import { DateTimeISOScalar, refuseInvalidScalarArguments } from './scalar-input';

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])';

/** `__resolveReference` per entity type name. */
export type ReferenceResolvers = Record<string, { __resolveReference: (reference: any, context: any, info: any) => unknown }>;

export async function buildFederatedSchema(options: BuildSchemaOptions, referenceResolvers: ReferenceResolvers = {}): Promise<GraphQLSchema> {
  // Date is type-graphql's DateTimeISO, made to defer its parse errors to the field (scalar-input).
  const scalarsMap = [{ type: Date, scalar: DateTimeISOScalar }, ...(options.scalarsMap ?? [])];
  const typeGraphQLSchema = await buildSchema({ ...options, scalarsMap, validate: false });
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(typeGraphQLSchema)}`);
  const resolvers = createResolversMap(typeGraphQLSchema) as GraphQLResolverMap<unknown>;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...reference } as never;
  }
  return refuseInvalidScalarArguments(buildSubgraphSchema([{ typeDefs, resolvers }]));
}
