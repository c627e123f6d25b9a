/**
 * Revealing one personal value of one household, with the reader's stated reason: one document per
 * field, so the console asks for exactly that value (the hub records the read before it answers),
 * and the dialog the bureau's 名单查询 and the bank's 我行名单 both open, each with its own words and
 * its own line about the audit. The answer is never kept in the client's store.
 */
import { gql } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { Button, Descriptions, Input, Modal, Radio, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { HubErrorAlert, useHubAction } from '../components';
import { useLang } from '../i18n';

export type PiiField = 'headName' | 'idNumber' | 'phone';

export const REVEAL_FIELD: Record<PiiField, ReturnType<typeof gql>> = {
  headName: gql`
    query ConsoleRevealHeadName($id: ID!, $reason: String!) {
      household(id: $id) {
        id
        value: headName(reveal: true, reason: $reason)
      }
    }
  `,
  idNumber: gql`
    query ConsoleRevealIdNumber($id: ID!, $reason: String!) {
      household(id: $id) {
        id
        value: idNumber(reveal: true, reason: $reason)
      }
    }
  `,
  phone: gql`
    query ConsoleRevealPhone($id: ID!, $reason: String!) {
      household(id: $id) {
        id
        value: phone(reveal: true, reason: $reason)
      }
    }
  `,
};

const FIELDS: readonly PiiField[] = ['headName', 'idNumber', 'phone'];

export interface RevealDialogProps {
  household: { id: string; householdNo: string };
  /** Before every test id ('' for the bureau's page, 'bank-' for the bank's). */
  testIdPrefix: string;
  /** The page's words (keys of its own part of the dictionary). */
  words: { title: string; hint: string; reason: string; submit: string; audited: string; close: string };
  fieldLabel: (field: PiiField) => string;
  /** Once the value came back: what the audit line says (the bureau reads its county's trail; a bank cannot). */
  auditOf: () => Promise<ReactNode>;
  onClose: () => void;
}

export function RevealDialog({ household, testIdPrefix: id, words, fieldLabel, auditOf, onClose }: RevealDialogProps) {
  const { t } = useLang();
  const client = useApolloClient();
  const [field, setField] = useState<PiiField>('phone');
  const [reason, setReason] = useState('');
  const [revealed, setRevealed] = useState<{ field: PiiField; value: string | null; audit: ReactNode } | null>(null);
  const { run, busy, error } = useHubAction();

  const reveal = () =>
    run(async () => {
      const answer = await client.query<{ household: { value: string | null } | null }>({
        query: REVEAL_FIELD[field],
        variables: { id: household.id, reason },
        fetchPolicy: 'no-cache',
      });
      setRevealed({ field, value: answer.data?.household?.value ?? null, audit: await auditOf() });
    });

  return (
    <Modal
      open
      title={t(words.title, { no: household.householdNo })}
      onCancel={onClose}
      footer={
        <Button onClick={onClose} data-testid={`${id}reveal-close`}>
          {t(words.close)}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{t(words.hint)}</Typography.Paragraph>
        <Radio.Group value={field} onChange={(e) => setField(e.target.value)} data-testid={`${id}reveal-field`}>
          {FIELDS.map((f) => (
            <Radio key={f} value={f} data-testid={`${id}reveal-field-${f}`}>
              {fieldLabel(f)}
            </Radio>
          ))}
        </Radio.Group>
        <Input.TextArea
          data-testid={`${id}reveal-reason`}
          value={reason}
          maxLength={200}
          placeholder={t(words.reason)}
          onChange={(e) => setReason(e.target.value)}
          autoSize={{ minRows: 2 }}
        />
        <Button type="primary" loading={busy} disabled={!reason.trim()} onClick={reveal} data-testid={`${id}reveal-submit`}>
          {t(words.submit)}
        </Button>
        <HubErrorAlert error={error} />
        {revealed && (
          <Descriptions column={1} size="small" bordered data-testid={`${id}revealed`}>
            <Descriptions.Item label={fieldLabel(revealed.field)}>
              <Typography.Text strong data-testid={`${id}revealed-value`}>
                {revealed.value ?? '—'}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t(words.audited)}>
              <span data-testid={`${id}revealed-audit`}>{revealed.audit}</span>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Space>
    </Modal>
  );
}
