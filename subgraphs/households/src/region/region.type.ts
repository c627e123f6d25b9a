import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum RegionLevelType {
  COUNTY = 'county',
  TOWNSHIP = 'township',
  VILLAGE = 'village',
}
registerEnumType(RegionLevelType, { name: 'RegionLevel', description: 'County (6-digit code), township (9) or village (12).' });

@ObjectType('Region', { description: 'A county, township or village of the region directory (GB/T 2260 and statistical codes).' })
export class Region {
  @Field(() => ID)
  code: string;

  @Field()
  name: string;

  @Field(() => RegionLevelType)
  level: RegionLevelType;

  @Field(() => String, { nullable: true })
  parentCode: string | null;
}
