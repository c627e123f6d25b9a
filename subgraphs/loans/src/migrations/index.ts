/** Migrations of the loans schema, in order. New ones come from `npm run migration:generate -- loans <Name>`. */
import { Initial1795314453620 } from './1795314453620-Initial';
import { BankLists1795321527472 } from './1795321527472-BankLists';

export const MIGRATIONS: Function[] = [Initial1795314453620, BankLists1795321527472];
