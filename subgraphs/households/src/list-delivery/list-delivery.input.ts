import { Field, ID, InputType } from 'type-graphql';
import { ListDeliveryStatusType } from './list-delivery.type';

@InputType('ListDeliveryFilter', { description: 'All given conditions must hold.' })
export class ListDeliveryFilterType {
  @Field(() => String, { nullable: true })
  bankCode?: string | null;

  @Field(() => String, { nullable: true })
  countyCode?: string | null;

  @Field(() => ID, { nullable: true })
  rosterVersionId?: string | null;

  @Field(() => ListDeliveryStatusType, { nullable: true })
  status?: ListDeliveryStatusType | null;

  @Field(() => ID, { nullable: true, description: 'One delivery (its items paged on their own).' })
  id?: string | null;
}
