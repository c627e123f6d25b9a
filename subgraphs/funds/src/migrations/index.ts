/** Migrations of the funds schema, in order. New ones come from `npm run migration:generate -- funds <Name>`. */
import { Initial1795313983011 } from './1795313983011-Initial';

export const MIGRATIONS: Function[] = [Initial1795313983011];
