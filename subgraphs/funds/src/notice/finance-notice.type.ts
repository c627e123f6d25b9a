import { Field, ID, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../../../common/graphql/pagination';

@ObjectType('FinanceNotice', { description: 'What the quarterly subsidy jobs tell a finance bureau.' })
export class FinanceNotice {
  @Field(() => ID)
  id: string;

  @Field()
  quarter: string;

  @Field({ description: 'QUARTER_COMPUTED, BATCHES_AWAIT_APPROVAL, BATCH_ANSWERED, QUARTER_RECONCILED or RISK_FUND_ALERT.' })
  kind: string;

  @Field()
  messageZh: string;

  @Field()
  messageEn: string;

  @Field()
  createdAt: Date;
}

@ObjectType('FinanceNoticeConnection')
export class FinanceNoticeConnection extends ConnectionType(FinanceNotice) {}
