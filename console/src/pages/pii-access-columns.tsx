/** The columns of an audit trail of unmasked reads (the bureau's of its county, the admin's across counties). */
import type { TableColumnsType } from 'antd';
import { formatDateTime } from '../format';
import type { Translate } from '../i18n';
import type { PiiField } from './household-reveal';

export interface PiiAccessRow {
  id: string;
  householdNo: string;
  field: PiiField;
  reason: string;
  subject: string;
  role: string;
  accessedAt: string;
  countyCode?: string;
}

/** When, (the county,) which household, which field, who in which role, why. */
export function piiAccessColumns<T extends PiiAccessRow>(t: Translate, options: { withCounty?: boolean } = {}): TableColumnsType<T> {
  return [
    { title: t('auditAt'), dataIndex: 'accessedAt', render: (v: string) => formatDateTime(v), width: 180 },
    ...(options.withCounty ? [{ title: t('piiAuditCounty'), dataIndex: 'countyCode', width: 110 }] : []),
    { title: t('colHouseholdNo'), dataIndex: 'householdNo' },
    { title: t('auditField'), dataIndex: 'field', render: (f: PiiField) => t(`col${f[0].toUpperCase()}${f.slice(1)}`) },
    { title: t('auditWho'), key: 'who', render: (_: unknown, a: T) => `${a.subject}（${t(`role_${a.role}`)}）` },
    { title: t('auditReason'), dataIndex: 'reason' },
  ];
}
