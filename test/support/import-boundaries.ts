/**
 * The hub's import boundaries, checked over a source tree (issue 13): each subgraph is entered only
 * through its front door, subgraphs do not import one another, what they share (common/,
 * contracts/) imports none of them, production code does not import test/, and the repo's own
 * files form no import cycle. The scanner reads every import, export-from,
 * `import x = require()`, require() and dynamic import() with the TypeScript parser; only relative
 * specifiers are the repo's own files (bare ones are packages).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Both paths relative to the scanned root, with forward slashes. */
  from: string;
  to: string;
  /** `import type` / `export type` (erased at compile time). */
  typeOnly: boolean;
}

export interface Violation {
  rule: 'deep-import' | 'cross-subgraph' | 'shared-imports-subgraph' | 'imports-test' | 'cycle';
  from: string;
  to: string;
  detail: string;
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.data', 'coverage', 'dist']);
const SOURCE_FILE = /\.(ts|js)$/;
const RESOLVE_SUFFIXES = ['', '.ts', '.js', '.json', '/index.ts', '/index.js'];

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function sourceFiles(root: string, directory: string, skip: (relativePath: string) => boolean): string[] {
  const files: string[] = [];
  for (const name of readdirSync(directory)) {
    if (SKIPPED_DIRECTORIES.has(name)) continue;
    const path = join(directory, name);
    const relativePath = toPosix(relative(root, path));
    if (skip(relativePath)) continue;
    if (statSync(path).isDirectory()) files.push(...sourceFiles(root, path, skip));
    else if (SOURCE_FILE.test(name) && !name.endsWith('.d.ts')) files.push(relativePath);
  }
  return files;
}

/** The module specifiers one file names, with whether each is type-only. */
export function importSpecifiers(fileName: string, text: string): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      // `import { type A, type B }` is erased too when every named binding is type-only.
      const allNamedTypeOnly =
        !!clause &&
        !clause.name &&
        !!clause.namedBindings &&
        ts.isNamedImports(clause.namedBindings) &&
        clause.namedBindings.elements.length > 0 &&
        clause.namedBindings.elements.every((element) => element.isTypeOnly);
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: !!clause?.isTypeOnly || allNamedTypeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1 && ts.isStringLiteralLike(node.arguments[0])) {
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      if (isRequire || isDynamicImport) found.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      // `typeof import('./x')` in a type position.
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export interface ImportTree {
  /** Imports between the tree's own files. */
  edges: ImportEdge[];
  /** Per file, the packages it imports (bare specifiers, `node:` ones included). */
  packages: Map<string, string[]>;
}

/** Every import of every source file under `root`. */
export function scanImports(root: string, skip: (relativePath: string) => boolean = () => false): ImportTree {
  const absoluteRoot = resolve(root);
  const edges: ImportEdge[] = [];
  const packages = new Map<string, string[]>();
  for (const file of sourceFiles(absoluteRoot, absoluteRoot, skip)) {
    const text = readFileSync(join(absoluteRoot, file), 'utf8');
    const named: string[] = [];
    packages.set(file, named);
    for (const { specifier, typeOnly } of importSpecifiers(file, text)) {
      if (!specifier.startsWith('.')) {
        named.push(specifier);
        continue;
      }
      const base = posix.normalize(posix.join(posix.dirname(file), specifier));
      // Under nodenext an ESM-style specifier names the emitted .js of a .ts file.
      const candidates = [...RESOLVE_SUFFIXES.map((suffix) => base + suffix), ...(base.endsWith('.js') ? [base.slice(0, -3) + '.ts'] : [])];
      const target = candidates.find((candidate) => {
        const path = join(absoluteRoot, candidate);
        return existsSync(path) && statSync(path).isFile();
      });
      // An import that resolves to nothing is the compiler's business, not this check's.
      if (target) edges.push({ from: file, to: target, typeOnly });
    }
  }
  return { edges, packages };
}

/** `subgraphs/<name>/…` → name. */
function subgraphOf(path: string): string | undefined {
  return /^subgraphs\/([^/]+)\//.exec(path)?.[1];
}

/** Packages that make a module more than plain rules: storage, GraphQL, HTTP, queues. */
const FRAMEWORK_PACKAGE = /^(typeorm|type-graphql|graphql|graphql-scalars|@apollo\/.*|bullmq|ioredis|pg|pg-copy-streams|dataloader|node:http|http)(\/.*)?$/;

/**
 * Files that are plain rules: neither they nor anything of the repo they import (transitively,
 * type-only imports included) names a framework package. Those are the domain modules the style
 * guide means ("know nothing of GraphQL, HTTP or TypeORM, and are unit-tested alone").
 */
export function plainModules(tree: ImportTree): Set<string> {
  const next = new Map<string, string[]>();
  for (const edge of tree.edges) {
    if (!next.has(edge.from)) next.set(edge.from, []);
    next.get(edge.from)!.push(edge.to);
  }
  const verdict = new Map<string, boolean>();
  const isPlain = (file: string, visiting: Set<string>): boolean => {
    if (verdict.has(file)) return verdict.get(file)!;
    if (visiting.has(file)) return true; // a cycle is reported on its own; judged by its other imports
    visiting.add(file);
    const plain =
      !(tree.packages.get(file) ?? []).some((name) => FRAMEWORK_PACKAGE.test(name)) && (next.get(file) ?? []).every((target) => isPlain(target, visiting));
    visiting.delete(file);
    verdict.set(file, plain);
    return plain;
  };
  return new Set([...tree.packages.keys()].filter((file) => isPlain(file, new Set())));
}

/**
 * The one exemption from the front-door rule: a test (under test/) may import a subgraph's plain
 * module (see plainModules: a file of pure rules, like everything under a `domain/` folder) to
 * test the rules alone or to build its inputs. Nothing that touches a database, GraphQL or HTTP:
 * a test that needs services, entities or loaders gets them through the front door like any
 * other caller.
 */
export function isTestOfPlainModule(from: string, to: string, plain: Set<string>): boolean {
  return from.startsWith('test/') && plain.has(to);
}

/** The only files of `subgraphs/<x>/src/` that code outside `subgraphs/<x>/` may import. */
export function frontDoorsOf(subgraph: string): string[] {
  return [`subgraphs/${subgraph}/src/${subgraph}.app.ts`, `subgraphs/${subgraph}/src/index.ts`];
}

/**
 * Strongly connected components with more than one file (or a file importing itself): Tarjan.
 * Type-only imports count too: erased at run time, they still tie the two files' meaning together.
 */
function cycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    if (!next.has(edge.from)) next.set(edge.from, []);
    next.get(edge.from)!.push(edge.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;
  const connect = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const target of next.get(file) ?? []) {
      if (!index.has(target)) {
        connect(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || (next.get(file) ?? []).includes(file)) found.push(component.sort());
    }
  };
  for (const file of [...next.keys()].sort()) if (!index.has(file)) connect(file);
  return found;
}

export function checkBoundaries(tree: ImportTree): Violation[] {
  const violations: Violation[] = [];
  const plain = plainModules(tree);
  for (const { from, to } of tree.edges) {
    const target = subgraphOf(to);
    const source = subgraphOf(from);
    if (target && source && source !== target) {
      violations.push({ rule: 'cross-subgraph', from, to, detail: `subgraph ${source} imports subgraph ${target}` });
    } else if (target && /^(common|contracts)\//.test(from)) {
      violations.push({ rule: 'shared-imports-subgraph', from, to, detail: `shared code imports subgraph ${target}` });
    } else if (target && !source && to.startsWith(`subgraphs/${target}/src/`) && !frontDoorsOf(target).includes(to) && !isTestOfPlainModule(from, to, plain)) {
      violations.push({ rule: 'deep-import', from, to, detail: `outside code enters ${target} through ${frontDoorsOf(target).join(' or ')} only` });
    }
    if (!from.startsWith('test/') && to.startsWith('test/')) {
      violations.push({ rule: 'imports-test', from, to, detail: 'production code imports test/' });
    }
  }
  for (const component of cycles(tree.edges)) {
    violations.push({ rule: 'cycle', from: component[0], to: component[component.length - 1], detail: `import cycle: ${component.join(' ↔ ')}` });
  }
  return violations;
}
