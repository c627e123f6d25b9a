/**
 * GET /monitoring/{county}/{from}/{to}.xlsx (through the gateway: /downloads/monitoring/…): the
 * monthly statistics as regulators file them, with Chinese headers, and a second sheet of each
 * township's coverage of its listed households; aggregates only.
 */
import ExcelJS from 'exceljs';
import type { Logger } from '../../../../common/logger';
import type { SubgraphRoute } from '../../../../common/subgraph-service';
import { xlsxRow } from '../../../../common/tabular/spreadsheet-cells';
import type { LoansApp } from '../loans.app';
import { toMonthlyTownshipStatistics } from './monitoring.mapper';

const HEADERS = [
  '月份',
  '县(市、区)代码',
  '银行',
  '贷款户数',
  '户数变动',
  '异常波动',
  '新增笔数',
  '新增金额(元)',
  '贷款余额(元)',
  '逾期余额(元)',
  '不良余额(元)',
  '不良率',
  '不良容忍度(百分点)',
  '建档立卡户数',
  '3个月内到期笔数',
  '3个月内到期金额(元)',
  '6个月内到期笔数',
  '6个月内到期金额(元)',
];

const TOWNSHIP_HEADERS = ['月份', '乡(镇)代码', '贷款户数', '建档立卡户数', '覆盖率'];

export function monitoringRoutes({ monitoring }: LoansApp, _logger: Logger): SubgraphRoute[] {
  return [
    {
      method: 'GET',
      path: /^\/monitoring\/(\d{6})\/(\d{4}-\d{2})\/(\d{4}-\d{2})\.xlsx$/,
      async handle(_request, response, context, [countyCode, from, to]) {
        const rows = await monitoring.list(context.caller, { countyCode, from, to });
        const townships = await monitoring.townships(context.caller, { countyCode, from, to });
        response.writeHead(200, {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="monitoring-${countyCode}-${from}-${to}.xlsx"`,
        });
        const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: response });
        const sheet = workbook.addWorksheet('月度监测');
        // Plain strings and numbers only (spreadsheet-cells): aggregates and codes, but never a formula.
        sheet.addRow(xlsxRow(HEADERS)).commit();
        for (const r of rows) {
          sheet
            .addRow(
              xlsxRow([
                r.month,
                r.countyCode,
                r.bankCode,
                r.borrowers,
                r.borrowerChange,
                r.abnormalSwing ? '是' : '否',
                r.newLoans,
                Number(r.newAmount),
                Number(r.balance),
                Number(r.overdueBalance),
                Number(r.nplBalance),
                Number(r.nplRate),
                r.nplTolerancePp === null ? null : Number(r.nplTolerancePp),
                r.eligibleHouseholds,
                r.maturing3mCount,
                Number(r.maturing3mAmount),
                r.maturing6mCount,
                Number(r.maturing6mAmount),
              ]),
            )
            .commit();
        }
        sheet.commit();
        // The coverage of listed households (应贷尽贷) per township, as the GraphQL API gives it.
        const townshipSheet = workbook.addWorksheet('乡镇覆盖');
        townshipSheet.addRow(xlsxRow(TOWNSHIP_HEADERS)).commit();
        for (const t of townships.map(toMonthlyTownshipStatistics)) {
          townshipSheet.addRow(xlsxRow([t.month, t.townshipCode, t.borrowers, t.eligibleHouseholds, t.coverage === null ? null : Number(t.coverage)])).commit();
        }
        townshipSheet.commit();
        await workbook.commit();
      },
    },
  ];
}
