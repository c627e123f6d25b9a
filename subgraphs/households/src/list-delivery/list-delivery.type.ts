import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../../../common/graphql/pagination';
import { Bank } from '../federation/bank.reference';

export enum ListDeliveryStatusType {
  PENDING = 'PENDING',
  SENT = 'SENT',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  FAILED = 'FAILED',
}
registerEnumType(ListDeliveryStatusType, {
  name: 'ListDeliveryStatus',
  description:
    'PENDING: not tried yet; SENT: tried, not acknowledged (retrying); ACKNOWLEDGED: the bank applied it; FAILED: parked after the last attempt, holds back later deliveries until replayed.',
});

@ObjectType('ListDelivery', { description: "One message of a bank's beneficiary list (名单推送): a delta or a snapshot part, numbered per bank." })
export class ListDelivery {
  @Field(() => ID)
  id: string;

  @Field(() => Bank)
  bank: Bank;

  @Field(() => Int, { description: 'Per-bank sequence; a bank applies n only after n − 1.' })
  sequence: number;

  @Field({ description: 'DELTA or SNAPSHOT (a reassignment or a requested full list).' })
  kind: string;

  @Field()
  countyCode: string;

  @Field(() => ID, { nullable: true })
  rosterVersionId: string | null;

  @Field({ description: 'YYYY-MM-DD the list takes effect for the bank.' })
  effectiveDate: string;

  @Field(() => [String], { nullable: true, description: 'Townships a snapshot replaces.' })
  snapshotTownships: string[] | null;

  @Field(() => Int)
  upserts: number;

  @Field(() => Int)
  removals: number;

  @Field(() => ListDeliveryStatusType)
  status: ListDeliveryStatusType;

  @Field(() => Int)
  attempts: number;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => Date, { nullable: true })
  lastAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  acknowledgedAt: Date | null;

  @Field(() => Date)
  createdAt: Date;
}

@ObjectType('ListDeliveryConnection')
export class ListDeliveryConnection extends ConnectionType(ListDelivery) {}

@ObjectType('BankTownship', { description: 'A township the bank is responsible for today (分片包干).' })
export class BankTownshipType {
  @Field()
  townshipCode: string;

  @Field()
  name: string;

  @Field()
  countyCode: string;

  @Field({ description: 'YYYY-MM-DD' })
  since: string;
}
