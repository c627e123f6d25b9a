/** Migrations of the households schema, in order. New ones come from `npm run migration:generate -- households <Name>`. */
import { EnableBtreeGist1795313900000 } from './1795313900000-EnableBtreeGist';
import { Initial1795314452667 } from './1795314452667-Initial';
import { Rosters1795316619907 } from './1795316619907-Rosters';
import { DeferredIdUniqueness1795319670781 } from './1795319670781-DeferredIdUniqueness';
import { ListDeliveries1795321340721 } from './1795321340721-ListDeliveries';
import { HouseholdCreatedTxid1795540000000 } from './1795540000000-HouseholdCreatedTxid';
import { RosterImportColumns1796223255753 } from './1796223255753-RosterImportColumns';
import { DeliveryExpectedSequence1796400000200 } from './1796400000200-DeliveryExpectedSequence';

import { BankDirectory1796310000001 } from './1796310000001-BankDirectory';
import { OneEnvelopePii1796500000000 } from './1796500000000-OneEnvelopePii';
export const MIGRATIONS: Function[] = [EnableBtreeGist1795313900000, Initial1795314452667, Rosters1795316619907, DeferredIdUniqueness1795319670781, ListDeliveries1795321340721, HouseholdCreatedTxid1795540000000, RosterImportColumns1796223255753, BankDirectory1796310000001, DeliveryExpectedSequence1796400000200, OneEnvelopePii1796500000000];
