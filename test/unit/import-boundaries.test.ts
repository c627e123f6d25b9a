/**
 * The import boundaries of issue 13, checked over the whole repo (test/support/import-boundaries.ts):
 *
 *   (a) code outside `subgraphs/<x>/` enters subgraph x only through `subgraphs/<x>/src/<x>.app.ts`
 *       (its services) or `subgraphs/<x>/src/index.ts` (its module: entities, migrations, schema).
 *       The one exemption: a test (under test/) may import a subgraph's plain modules — files that
 *       name no storage, GraphQL, HTTP or queue package, themselves or through what they import —
 *       to test rules alone or to build its inputs. WHITE_BOX below names the only other openings.
 *   (b) no subgraph imports another (what they share is in contracts/ or common/), and those two
 *       import no subgraph, not even through its front door;
 *   (c) nothing outside test/ imports test/;
 *   (d) the repo's own files form no import cycle (type-only imports count).
 *
 * The checker is first run on a small tree that breaks every rule, so a checker that finds nothing
 * cannot pass.
 */
import { join } from 'node:path';
import { checkBoundaries, scanImports, type Violation } from '../support/import-boundaries';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(__dirname, 'fixtures', 'import-boundaries');

/**
 * Test files allowed one internal module that is not plain, each with why. Keep this short: a
 * test that needs a service gets it from the app.
 */
const WHITE_BOX: { from: string; to: string; why: string }[] = [
  {
    from: 'test/integration/subsidy-sql-parity.test.ts',
    to: 'subgraphs/funds/src/subsidy/subsidy-lines.sql.ts',
    why: 'the set-based SQL twin of domain/compute-subsidy.ts, compared with it line by line on a real PostgreSQL',
  },
];

const describeViolation = (v: Violation) => `${v.rule}: ${v.from} → ${v.to} (${v.detail})`;

describe('the import checker', () => {
  const violations = checkBoundaries(scanImports(FIXTURE)).map(describeViolation).sort();

  it('reports a deep import from outside a subgraph, static or dynamic, and from a test into a service', () => {
    expect(violations).toContain(
      'deep-import: scripts/cli.ts → subgraphs/alpha/src/things/thing.service.ts (outside code enters alpha through subgraphs/alpha/src/alpha.app.ts or subgraphs/alpha/src/index.ts only)',
    );
    expect(violations).toContain(
      'deep-import: test/unit/rule-cases.ts → subgraphs/alpha/src/things/thing.service.ts (outside code enters alpha through subgraphs/alpha/src/alpha.app.ts or subgraphs/alpha/src/index.ts only)',
    );
  });

  it('reports one subgraph importing another, even through its front door', () => {
    expect(violations).toContain('cross-subgraph: subgraphs/beta/src/beta.app.ts → subgraphs/alpha/src/alpha.app.ts (subgraph beta imports subgraph alpha)');
  });

  it('reports shared code importing a subgraph', () => {
    expect(violations).toContain('shared-imports-subgraph: contracts/shape.ts → subgraphs/alpha/src/alpha.app.ts (shared code imports subgraph alpha)');
  });

  it('reports production code importing test/', () => {
    expect(violations).toContain('imports-test: scripts/cli.ts → test/support/helper.ts (production code imports test/)');
  });

  it('reports a cycle, through a type-only import and a require()', () => {
    expect(violations).toContain('cycle: common/a.ts → common/b.ts (import cycle: common/a.ts ↔ common/b.ts)');
  });

  it('lets the front door, the module and a test of a plain module through, and nothing else', () => {
    const { edges } = scanImports(FIXTURE);
    // Read, and allowed: an export-from inside the subgraph, the CLI's front door, the unit test's plain rule.
    expect(edges).toContainEqual({ from: 'subgraphs/alpha/src/index.ts', to: 'subgraphs/alpha/src/alpha.app.ts', typeOnly: false });
    expect(edges).toContainEqual({ from: 'scripts/cli.ts', to: 'subgraphs/alpha/src/alpha.app.ts', typeOnly: false });
    expect(edges).toContainEqual({ from: 'test/unit/rule-cases.ts', to: 'subgraphs/alpha/src/domain/rule.ts', typeOnly: false });
    expect(violations).toHaveLength(6);
  });
});

describe('the repo', () => {
  const tree = scanImports(ROOT, (path) => path.startsWith('test/unit/fixtures/'));
  const allowed = (v: Violation) => v.rule === 'deep-import' && WHITE_BOX.some((w) => w.from === v.from && w.to === v.to);

  it('reads the imports of every part of the hub', () => {
    const files = [...tree.packages.keys()];
    for (const part of [
      'common/',
      'contracts/',
      'gateway/',
      'queues/',
      'scripts/',
      'bench/',
      'demo/',
      'bank-sim/',
      'test/',
      'subgraphs/households/',
      'subgraphs/loans/',
      'subgraphs/funds/',
    ]) {
      expect(files.some((file) => file.startsWith(part))).toBe(true);
    }
    expect(tree.edges.length).toBeGreaterThan(1000);
  });

  it('keeps every boundary', () => {
    expect(
      checkBoundaries(tree)
        .filter((v) => !allowed(v))
        .map(describeViolation),
    ).toEqual([]);
  });

  it('needs every white-box opening it grants', () => {
    const used = checkBoundaries(tree).filter(allowed);
    expect(WHITE_BOX.filter((w) => !used.some((v) => v.from === w.from && v.to === w.to))).toEqual([]);
  });
});
