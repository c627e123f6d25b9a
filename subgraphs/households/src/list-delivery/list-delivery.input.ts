import { Field, ID, InputType } from 'type-graphql';
import { ListDeliveryStatusEnum } from './list-delivery.type';

@InputType('ListDeliveryFilter', { description: 'All given conditions must hold.' })
export class ListDeliveryFilterType {
  @Field(() => String, { nullable: true })
  bankCode?: string | null;

  @Field(() => String, { nullable: true })
  countyCode?: string | null;

  @Field(() => ID, { nullable: true })
  rosterVersionId?: string | null;

  @Field(() => ListDeliveryStatusEnum, { nullable: true })
  status?: ListDeliveryStatusEnum | null;
}
