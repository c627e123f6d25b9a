import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { COUNTY_CODE, TOWNSHIP_CODE, UUID_PATTERN, VILLAGE_CODE } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import type { PiiProtector } from '../../../../common/pii/protector';
import { fieldChanges } from './domain/diff-changes';
import { DiffLine, RosterVersionService } from './roster-version.service';
import { toComparedValues, toDiffLineView, toEntryView, toVersionView } from './roster.mapper';
import { RosterDiff, RosterDiffKind, RosterDiffLineConnection, RosterEntryConnection, RosterVersion, RosterVersionConnection } from './roster.type';

const HOUSEHOLD_NO_CURSOR = /^[0-9A-Za-z-]{1,32}$/;

function checkId(id: string, name: string): void {
  if (!UUID_PATTERN.test(id)) throw badInput(`"${id}" is not a ${name} id`, name);
}

@Resolver(() => RosterVersion)
export class RosterVersionResolver {
  constructor(
    private readonly versionService: RosterVersionService,
    private readonly pii: PiiProtector,
  ) {}

  @Query(() => RosterVersionConnection, { description: "A county's roster versions, newest first." })
  async rosterVersions(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<RosterVersionConnection> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    const size = pageSize(first);
    const before = decodeCursor(after, /^\d+$/);
    const rows = await this.versionService.versions(context.caller, countyCode, size, before === null ? null : Number(before));
    return toPage(rows.map(toVersionView), size, (v) => String(v.number));
  }

  @Query(() => RosterVersion)
  async rosterVersion(@Ctx() context: SubgraphContext, @Arg('id', () => ID) id: string): Promise<RosterVersion> {
    checkId(id, 'version');
    return toVersionView(await this.versionService.version(context.caller, id));
  }

  @Query(() => RosterVersion, { nullable: true, description: 'The version that was the published roster of the county at that instant (null: none was).' })
  async rosterAt(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('at', () => Date) at: Date,
  ): Promise<RosterVersion | null> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    const version = await this.versionService.versionAt(context.caller, countyCode, at);
    return version ? toVersionView(version) : null;
  }

  @Mutation(() => RosterVersion, { description: 'Makes a draft the current roster of its county (atomically; records who and when).' })
  async publishRosterVersion(@Ctx() context: SubgraphContext, @Arg('id', () => ID) id: string): Promise<RosterVersion> {
    checkId(id, 'version');
    return toVersionView(await this.versionService.publish(context.caller, id));
  }

  @Mutation(() => RosterVersion, { description: 'Discards a draft.' })
  async discardRosterVersion(@Ctx() context: SubgraphContext, @Arg('id', () => ID) id: string): Promise<RosterVersion> {
    checkId(id, 'version');
    return toVersionView(await this.versionService.discard(context.caller, id));
  }

  @FieldResolver(() => RosterDiff, { description: 'What this version changes against `against` (default: the version published now).' })
  async diff(
    @Root() version: RosterVersion,
    @Ctx() context: SubgraphContext,
    @Arg('against', () => ID, { nullable: true }) against: string | null,
  ): Promise<RosterDiff> {
    let fromVersionId: string | null;
    if (against) {
      checkId(against, 'against');
      const base = await this.versionService.version(context.caller, against);
      if (base.countyCode !== version.countyCode) throw badInput('versions of different counties cannot be compared', 'against');
      fromVersionId = base.id;
    } else {
      fromVersionId = (await this.versionService.defaultBase(version.id, version.countyCode))?.id ?? null;
    }
    return { fromVersionId, toVersionId: version.id, summary: await this.versionService.diffSummary(fromVersionId, version.id) };
  }

  @FieldResolver(() => RosterEntryConnection, {
    description: 'The households this version lists, by household number (personal values masked): one township or village, for a public notice (公示).',
  })
  async entries(
    @Root() version: RosterVersion,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('townshipCode', () => String, { nullable: true }) townshipCode: string | null,
    @Arg('villageCode', () => String, { nullable: true }) villageCode: string | null,
  ): Promise<RosterEntryConnection> {
    if (townshipCode != null && !TOWNSHIP_CODE.test(townshipCode)) throw badInput(`"${townshipCode}" is not a township code`, 'townshipCode');
    if (villageCode != null && !VILLAGE_CODE.test(villageCode)) throw badInput(`"${villageCode}" is not a village code`, 'villageCode');
    const size = pageSize(first);
    const rows = await this.versionService.entries(version.id, size, decodeCursor(after, HOUSEHOLD_NO_CURSOR), townshipCode ?? null, villageCode ?? null);
    return toPage(
      rows.map((row) => toEntryView(row, version.countyCode, this.pii)),
      size,
      (e) => e.householdNo,
    );
  }
}

@Resolver(() => RosterDiff)
export class RosterDiffResolver {
  constructor(
    private readonly versionService: RosterVersionService,
    private readonly pii: PiiProtector,
  ) {}

  @FieldResolver(() => RosterDiffLineConnection, { description: 'The differing households, by household number.' })
  async lines(
    @Root() diff: RosterDiff,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('kind', () => RosterDiffKind, { nullable: true }) kind: RosterDiffKind | null,
  ): Promise<RosterDiffLineConnection> {
    const size = pageSize(first);
    const rows = await this.versionService.diffLines(diff.fromVersionId, diff.toVersionId, size, decodeCursor(after, HOUSEHOLD_NO_CURSOR), kind ?? null);
    // Old and new values of the page's changed households: one read of each version, whatever the page size.
    const changed = rows.filter((l) => l.kind === 'CHANGED').map((l) => l.householdNo);
    const [before, now] = await Promise.all(
      [diff.fromVersionId, diff.toVersionId].map(async (versionId) =>
        versionId && changed.length
          ? new Map((await this.versionService.entriesOf(versionId, changed)).map((e) => [e.householdNo, e]))
          : new Map<string, never>(),
      ),
    );
    const changesOf = (line: DiffLine) => {
      const from = before.get(line.householdNo);
      const to = now.get(line.householdNo);
      return from && to ? fieldChanges(line.changedFields, toComparedValues(from, this.pii), toComparedValues(to, this.pii)) : [];
    };
    return toPage(
      rows.map((line) => toDiffLineView(line, changesOf(line))),
      size,
      (l) => l.householdNo,
    );
  }
}
