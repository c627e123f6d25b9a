/**
 * 个人信息查阅记录 (admin): the audit of unmasked reads across every county (or one), newest
 * first in server pages, narrowed by county, reader, role, field and a range of days (Asia/Shanghai
 * days: a day is from its 00:00 in Beijing to the next).
 */
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Button, Card, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { CursorTable, HubErrorAlert } from '../components';
import { useLang } from '../i18n';
import { PAGE_INFO, useCursorPages, type PageInfo } from './cursor-pages';
import { PII_ACCESS_ROW } from './shared-fragments';
import { piiAccessColumns } from './pii-access-columns';

const PAGE = 20;

const ACCESSES = gql`
  ${PII_ACCESS_ROW}
  ${PAGE_INFO}
  query ConsoleAdminPiiAccesses(
    $county: String
    $subject: String
    $role: String
    $field: String
    $from: DateTimeISO
    $before: DateTimeISO
    $first: Int
    $after: String
  ) {
    piiAccesses(
      countyCode: $county
      subject: $subject
      role: $role
      field: $field
      accessedFrom: $from
      accessedBefore: $before
      first: $first
      after: $after
    ) {
      nodes {
        ...ConsolePiiAccessRow
        countyCode
      }
      pageInfo {
        ...ConsolePageInfo
      }
    }
  }
`;

interface Access {
  id: string;
  countyCode: string;
  householdNo: string;
  field: 'headName' | 'idNumber' | 'phone';
  reason: string;
  subject: string;
  role: string;
  accessedAt: string;
}

interface Filter {
  county: string;
  subject: string;
  role?: string;
  field?: string;
  fromDay: string;
  toDay: string;
}

const EMPTY: Filter = { county: '', subject: '', fromDay: '', toDay: '' };

/** The instant a Beijing day starts (`2026-12-03` → 2026-12-02T16:00:00Z), or null. */
function beijingDayStart(day: string, plusDays = 0): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const start = new Date(`${day}T00:00:00+08:00`);
  start.setUTCDate(start.getUTCDate() + plusDays);
  return start.toISOString();
}

export function AdminPiiAuditPage() {
  const { t } = useLang();
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const pages = useCursorPages();
  const { data, previousData, loading, error } = useQuery<{ piiAccesses: { nodes: Access[]; pageInfo: PageInfo } }>(ACCESSES, {
    variables: {
      county: filter.county.trim() || null,
      subject: filter.subject.trim() || null,
      role: filter.role ?? null,
      field: filter.field ?? null,
      from: beijingDayStart(filter.fromDay),
      before: beijingDayStart(filter.toDay, 1),
      first: PAGE,
      after: pages.after,
    },
    fetchPolicy: 'network-only',
  });
  const connection = (data ?? previousData)?.piiAccesses;
  const search = (next: Filter) => {
    setFilter(next);
    pages.reset();
  };
  return (
    <Card title={t('piiAuditTitle')}>
      <Typography.Paragraph type="secondary">{t('piiAuditIntro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input
          data-testid="audit-filter-county"
          placeholder={t('piiAuditCounty')}
          style={{ width: 140 }}
          value={draft.county}
          onChange={(e) => setDraft({ ...draft, county: e.target.value })}
        />
        <Input
          data-testid="audit-filter-subject"
          placeholder={t('piiAuditSubject')}
          style={{ width: 200 }}
          value={draft.subject}
          onChange={(e) => setDraft({ ...draft, subject: e.target.value })}
        />
        <Select
          data-testid="audit-filter-role"
          allowClear
          placeholder={t('piiAuditRole')}
          style={{ width: 160 }}
          value={draft.role}
          onChange={(role) => setDraft({ ...draft, role })}
          options={['bureau', 'bank', 'admin'].map((role) => ({ value: role, label: t(`role_${role}`) }))}
        />
        <Select
          data-testid="audit-filter-field"
          allowClear
          placeholder={t('piiAuditField')}
          style={{ width: 160 }}
          value={draft.field}
          onChange={(field) => setDraft({ ...draft, field })}
          options={(['headName', 'idNumber', 'phone'] as const).map((field) => ({ value: field, label: t(`col${field[0].toUpperCase()}${field.slice(1)}`) }))}
        />
        <Space.Compact>
          <Input
            type="date"
            aria-label={t('piiAuditRange')}
            data-testid="audit-filter-from"
            value={draft.fromDay}
            onChange={(e) => setDraft({ ...draft, fromDay: e.target.value })}
          />
          <Input type="date" data-testid="audit-filter-to" value={draft.toDay} onChange={(e) => setDraft({ ...draft, toDay: e.target.value })} />
        </Space.Compact>
        <Button type="primary" data-testid="audit-search" onClick={() => search(draft)}>
          {t('piiAuditSearch')}
        </Button>
        <Button
          onClick={() => {
            setDraft(EMPTY);
            search(EMPTY);
          }}
        >
          {t('piiAuditReset')}
        </Button>
      </Space>
      <HubErrorAlert error={error} />
      <CursorTable<Access>
        testId="admin-pii-audit"
        loading={loading}
        connection={connection}
        pages={pages}
        pageSize={PAGE}
        columns={piiAccessColumns<Access>(t, { withCounty: true })}
      />
    </Card>
  );
}
