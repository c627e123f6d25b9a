import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { toRowErrorView } from '../../../../common/graphql/import-report.mapper';
import { COUNTY_CODE, UUID_PATTERN } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { OneCardImportReportService } from './one-card-import-report.service';
import { toOneCardImportView } from './one-card-import.mapper';
import { OneCardImportErrorConnection, OneCardImport } from './one-card-import.type';

const ERROR_CURSOR = /^\d{1,9}:\d{1,19}$/;

@Resolver(() => OneCardImport)
export class OneCardImportResolver {
  constructor(private readonly reports: OneCardImportReportService) {}

  @Query(() => OneCardImport, {
    description: 'A 一卡通 account import and its report (the county’s finance bureau and admins). Files are imported through POST /uploads/one-card-accounts.',
  })
  async oneCardImport(@Ctx() context: SubgraphContext, @Arg('id', () => ID) id: string): Promise<OneCardImport> {
    if (!UUID_PATTERN.test(id)) throw badInput(`"${id}" is not an import id`, 'id');
    return toOneCardImportView(await this.reports.importById(context.caller, id));
  }

  @Query(() => [OneCardImport], { description: "A county's latest 一卡通 account imports, newest first." })
  async oneCardImports(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
  ): Promise<OneCardImport[]> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    const size = pageSize(first);
    return (await this.reports.imports(context.caller, countyCode, size)).slice(0, size).map((r) => toOneCardImportView(r));
  }

  @FieldResolver(() => OneCardImportErrorConnection, {
    description: 'Row errors in file order (all of them as CSV/XLSX from GET /downloads/one-card-imports/{id}/errors.csv|.xlsx).',
  })
  async errors(
    @Root() report: OneCardImport,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<OneCardImportErrorConnection> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, ERROR_CURSOR);
    const rows = await this.reports.errors(report.id, size, cursor ? { row: Number(cursor.split(':')[0]), id: cursor.split(':')[1] } : null);
    const page = toPage(rows, size, (e) => `${e.row}:${e.id}`);
    return { nodes: page.nodes.map(toRowErrorView), pageInfo: page.pageInfo };
  }
}
