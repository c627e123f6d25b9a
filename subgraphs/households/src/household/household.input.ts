import { Field, InputType } from 'type-graphql';
import { HouseholdCategory } from '../domain/household-category';

@InputType('HouseholdFilter', { description: 'All given conditions must hold. Codes are matched exactly.' })
export class HouseholdFilter {
  @Field(() => String, { nullable: true })
  countyCode?: string | null;

  @Field(() => String, { nullable: true })
  townshipCode?: string | null;

  @Field(() => String, { nullable: true })
  villageCode?: string | null;

  @Field(() => HouseholdCategory, { nullable: true })
  category?: HouseholdCategory | null;

  @Field(() => Boolean, { nullable: true })
  isMonitored?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Also list households no longer on the roster (default false).' })
  includeOffRoster?: boolean | null;
}
