/** Migrations of the funds schema, in order. New ones come from `npm run migration:generate -- funds <Name>`. */
import { Initial1795314454570 } from './1795314454570-Initial';

export const MIGRATIONS: Function[] = [Initial1795314454570];
