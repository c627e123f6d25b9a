/**
 * Notices to a county's finance bureau from the quarterly jobs. Written with a key, so a job that
 * runs again after a crash does not notify twice; read newest first, in pages.
 */
import type { DataSource } from 'typeorm';
import { type Caller, isCountyOfficial } from '../../../../common/auth/caller';
import type { FinanceNoticeKind, FinanceNoticeRecord } from './finance-notice.entity';
import { forbidden } from '../../../../common/errors/hub-error';

export interface NewNotice {
  key: string;
  countyCode: string;
  quarter: string;
  kind: FinanceNoticeKind;
  zh: string;
  en: string;
}

export class FinanceNoticeService {
  constructor(private readonly dataSource: DataSource) {}

  /** True when the notice is new (false: this key was noticed before). */
  async notify(notice: NewNotice): Promise<boolean> {
    const rows = await this.dataSource.query(
      `INSERT INTO funds.finance_notices (notice_key, county_code, quarter, kind, message_zh, message_en)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (notice_key) DO NOTHING RETURNING id`,
      [notice.key, notice.countyCode, notice.quarter, notice.kind, notice.zh, notice.en],
    );
    return rows.length > 0;
  }

  /** Newest first; keyset on the id. */
  async list(caller: Caller, countyCode: string, size: number, beforeId: string | null): Promise<FinanceNoticeRecord[]> {
    if (!isCountyOfficial(caller, countyCode)) {
      throw forbidden(`the notices of county ${countyCode} are shown to its finance bureau, its bureau and admins`);
    }
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT id::text, notice_key, county_code, quarter, kind, message_zh, message_en, created_at FROM funds.finance_notices
       WHERE county_code = $1 AND ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $3`,
      [countyCode, beforeId, size + 1],
    );
    return rows.map((r) => ({
      id: r.id,
      noticeKey: r.notice_key,
      countyCode: r.county_code,
      quarter: r.quarter,
      kind: r.kind,
      messageZh: r.message_zh,
      messageEn: r.message_en,
      createdAt: r.created_at,
    }));
  }
}
