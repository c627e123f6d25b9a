/**
 * Validation rules the gateway applies before planning a query: maximum depth, aliases and
 * root fields. A query over the limit is refused before any subgraph is called; Apollo reports
 * it as GRAPHQL_VALIDATION_FAILED with the message saying which limit and by how much.
 */
import { ASTVisitor, FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode, ValidationContext } from 'graphql';

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
}

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message);
}

function depthOf(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen: Set<string>): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, fragments, seen) : 1);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, seen));
    } else {
      const fragment = fragments[selection.name.value];
      if (!fragment || seen.has(fragment.name.value)) continue; // cycles are reported by standard rules
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, new Set([...seen, fragment.name.value])));
    }
  }
  return deepest;
}

export function operationLimitRules(limits: OperationLimits) {
  const rule = (context: ValidationContext): ASTVisitor => {
    const document = context.getDocument();
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    }
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias) aliases++;
      },
      OperationDefinition: {
        enter(node) {
          const rootFields = node.selectionSet.selections.length;
          if (rootFields > limits.maxRootFields)
            context.reportError(tooComplex(`operation selects ${rootFields} root fields; at most ${limits.maxRootFields} are allowed`));
          const depth = depthOf(node.selectionSet, fragments, new Set());
          if (depth > limits.maxDepth) context.reportError(tooComplex(`operation is ${depth} levels deep; at most ${limits.maxDepth} are allowed`));
        },
      },
      Document: {
        leave() {
          if (aliases > limits.maxAliases) context.reportError(tooComplex(`operation uses ${aliases} aliases; at most ${limits.maxAliases} are allowed`));
        },
      },
    };
  };
  return [rule];
}
