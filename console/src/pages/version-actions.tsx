/** Publish and discard, each after a confirmation; publishing restates what the draft changes. */
import { gql } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { App } from 'antd';
import { errorMessages } from '../api';
import { useLang } from '../i18n';

/** What a draft changes, as the publish confirmation restates it and the diff page heads its lines with. */
export const DIFF_SUMMARY = gql`
  fragment ConsoleDiffSummary on RosterDiffSummary {
    added
    removed
    changed
    categoryChanged
    monitoringChanged
    unchanged
  }
`;

const SUMMARY = gql`
  ${DIFF_SUMMARY}
  query ConsoleVersionSummary($id: ID!) {
    rosterVersion(id: $id) {
      id
      number
      diff {
        summary {
          ...ConsoleDiffSummary
        }
      }
    }
  }
`;

const PUBLISH = gql`
  mutation ConsolePublishRosterVersion($id: ID!) {
    publishRosterVersion(id: $id) {
      id
      number
      status
      publishedAt
      publishedBy
    }
  }
`;

const DISCARD = gql`
  mutation ConsoleDiscardRosterVersion($id: ID!) {
    discardRosterVersion(id: $id) {
      id
      number
      status
    }
  }
`;

interface Summary {
  rosterVersion: { number: number; diff: { summary: { added: number; removed: number; changed: number; categoryChanged: number; monitoringChanged: number } } };
}

export function useVersionActions(onDone: () => void) {
  const client = useApolloClient();
  const { modal, message } = App.useApp();
  const { lang, t } = useLang();
  const fail = (error: unknown) => errorMessages(error, lang).forEach((m) => message.error({ content: m.text, className: 'hub-error-message' }));

  const publish = async (id: string) => {
    let summary: Summary['rosterVersion'];
    try {
      summary = (await client.query<Summary>({ query: SUMMARY, variables: { id }, fetchPolicy: 'network-only' })).data!.rosterVersion;
    } catch (error) {
      return fail(error);
    }
    const s = summary.diff.summary;
    modal.confirm({
      title: t('publishConfirmTitle', { n: summary.number }),
      content: t('publishConfirmBody', {
        added: s.added,
        removed: s.removed,
        changed: s.changed,
        category: s.categoryChanged,
        monitoring: s.monitoringChanged,
      }),
      okText: t('publish'),
      onOk: async () => {
        try {
          await client.mutate({ mutation: PUBLISH, variables: { id } });
          message.success(t('published', { n: summary.number }));
          await client.refetchQueries({ include: 'active' });
          onDone();
        } catch (error) {
          fail(error);
        }
      },
    });
  };

  const discard = (id: string, number: number) => {
    modal.confirm({
      title: t('discardConfirmTitle', { n: number }),
      content: t('discardConfirmBody'),
      okText: t('discard'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await client.mutate({ mutation: DISCARD, variables: { id } });
          message.success(t('discarded', { n: number }));
          await client.refetchQueries({ include: 'active' });
          onDone();
        } catch (error) {
          fail(error);
        }
      },
    });
  };

  return { publish, discard };
}
