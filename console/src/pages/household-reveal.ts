/**
 * Revealing one personal value of one household, with the reader's stated reason: one document per
 * field, so the console asks for exactly that value (the hub records the read before it answers).
 * Used by the bureau's 名单查询 and the bank's 我行名单; the answer is never kept in the client's store.
 */
import { gql } from '@apollo/client';

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
