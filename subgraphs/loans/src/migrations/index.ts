/** Migrations of the loans schema, in order. New ones come from `npm run migration:generate -- loans <Name>`. */
import { Initial1795313982055 } from './1795313982055-Initial';
import { LoanChecks1795313990000 } from './1795313990000-LoanChecks';

export const MIGRATIONS: Function[] = [Initial1795313982055, LoanChecks1795313990000];
