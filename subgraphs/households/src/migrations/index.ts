/** Migrations of the households schema, in order. New ones come from `npm run migration:generate -- households <Name>`. */
import { Initial1795313980841 } from './1795313980841-Initial';
import { TownshipAssignmentNoOverlap1795313990000 } from './1795313990000-TownshipAssignmentNoOverlap';

export const MIGRATIONS: Function[] = [Initial1795313980841, TownshipAssignmentNoOverlap1795313990000];
