import { buildSchema, parse, validate, specifiedRules } from 'graphql';
import { operationLimitRules } from '../../gateway/src/operation-limits';

const schema = buildSchema(`type Node { id: ID! child: Node } type Query { node: Node other: Node }`);
const rules = [...specifiedRules, ...operationLimitRules({ maxDepth: 3, maxAliases: 2, maxRootFields: 1 })];
const errorsOf = (source: string) => validate(schema, parse(source), rules).map((e) => e.message);

describe('operation limits', () => {
  it('accepts a query within every limit', () => {
    expect(errorsOf('{ node { child { id } } }')).toEqual([]);
  });

  it('counts depth through fragments and inline fragments', () => {
    expect(errorsOf('{ node { ...F } } fragment F on Node { child { child { id } } }')).toEqual(['operation is 4 levels deep; at most 3 are allowed']);
    expect(errorsOf('{ node { ... on Node { child { child { id } } } } }')).toEqual(['operation is 4 levels deep; at most 3 are allowed']);
  });

  it('limits aliases across the whole document', () => {
    expect(errorsOf('{ node { a: id b: id c: id } }')).toEqual(['operation uses 3 aliases; at most 2 are allowed']);
  });

  it('limits root fields', () => {
    expect(errorsOf('{ node { id } other { id } }')).toEqual(['operation selects 2 root fields; at most 1 are allowed']);
  });
});
