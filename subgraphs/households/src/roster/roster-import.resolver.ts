import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { toRowErrorView } from '../../../../common/graphql/import-report.mapper';
import { COUNTY_CODE, UUID_PATTERN } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { RosterReportService } from './roster-report.service';
import { RosterVersionService } from './roster-version.service';
import { toImportView, toVersionView } from './roster.mapper';
import { RosterImportErrorConnection, RosterImport, RosterVersion } from './roster.type';

@Resolver(() => RosterImport)
export class RosterImportResolver {
  constructor(
    private readonly reportService: RosterReportService,
    private readonly versionService: RosterVersionService,
  ) {}

  @Query(() => RosterImport, { description: 'An import report. Files are imported through POST /uploads/rosters or `npm run roster -- import`.' })
  async rosterImport(@Ctx() context: SubgraphContext, @Arg('id', () => ID) id: string): Promise<RosterImport> {
    if (!UUID_PATTERN.test(id)) throw badInput(`"${id}" is not an import id`, 'id');
    return toImportView(await this.reportService.importById(context.caller, id));
  }

  @Query(() => [RosterImport], { description: "A county's latest imports, newest first." })
  async rosterImports(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
  ): Promise<RosterImport[]> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    const size = pageSize(first);
    return (await this.reportService.imports(context.caller, countyCode, size, null)).slice(0, size).map((r) => toImportView(r));
  }

  @FieldResolver(() => RosterImportErrorConnection, {
    description: 'Row errors in file order (download all as CSV/XLSX from /downloads/roster-imports/{id}/errors).',
  })
  async errors(
    @Root() report: RosterImport,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<RosterImportErrorConnection> {
    const size = pageSize(first);
    const rows = await this.reportService.errors(report.id, size, decodeCursor(after, /^\d+$/));
    const page = toPage(rows, size, (e) => e.id);
    return { nodes: page.nodes.map(toRowErrorView), pageInfo: page.pageInfo };
  }

  @FieldResolver(() => RosterVersion, { nullable: true, description: 'The draft this import created (null when rejected).' })
  async version(@Root() report: RosterImport, @Ctx() context: SubgraphContext): Promise<RosterVersion | null> {
    return report.versionId ? toVersionView(await this.versionService.version(context.caller, report.versionId)) : null;
  }
}
