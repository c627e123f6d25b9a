import { Alert, Space } from 'antd';
import { errorMessages } from './api';
import { useLang } from './i18n';

/** The hub's messages for an error, in the chosen language (with the hub's code beside it). */
export function HubErrorAlert({ error }: { error: unknown }) {
  const { lang } = useLang();
  if (!error) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {errorMessages(error, lang).map((m, i) => (
        <Alert key={i} type="error" showIcon title={m.text} description={m.code ?? undefined} data-testid="hub-error" />
      ))}
    </Space>
  );
}

/** antd pagination over a cursor connection: the pages seen so far, and the next one if there is one. */
export function cursorPagination(pageIndex: number, pageSize: number, hasNextPage: boolean, onPage: (index: number) => void, total?: number) {
  return {
    current: pageIndex + 1,
    pageSize,
    total: total ?? (pageIndex + 1) * pageSize + (hasNextPage ? 1 : 0),
    showSizeChanger: false,
    onChange: (page: number) => onPage(page - 1),
  };
}
