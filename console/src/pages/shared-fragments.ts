/** GraphQL selections that pages of different roles ask alike (fragments, so each page's query stays one document). */
import { gql } from '@apollo/client';

/** A list delivery as both its tables show it (the bureau's 分片包干, the bank's 我行名单); each adds its own fields. */
export const DELIVERY_ROW = gql`
  fragment ConsoleDeliveryRow on ListDelivery {
    id
    sequence
    kind
    status
    effectiveDate
    upserts
    removals
    createdAt
  }
`;

/** One unmasked read, as the bureau's trail of its county and the admin's trail across counties list it. */
export const PII_ACCESS_ROW = gql`
  fragment ConsolePiiAccessRow on PiiAccess {
    id
    householdNo
    field
    reason
    subject
    role
    accessedAt
  }
`;

/** A payout instruction as finance's batches and the bank's own list show it, with the bank's answer. */
export const PAYOUT_INSTRUCTION_ROW = gql`
  fragment ConsolePayoutInstructionRow on PayoutInstruction {
    id
    contractNo
    accountNumber
    amount
    status
    failureReason
    bankReference
  }
`;
