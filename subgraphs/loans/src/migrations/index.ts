/** Migrations of the loans schema, in order. New ones come from `npm run migration:generate -- loans <Name>`. */
import { Initial1795314453620 } from './1795314453620-Initial';
import { BankLists1795323588023 } from './1795323588023-BankLists';
import { MonthlyStatistics1795460000000 } from './1795460000000-MonthlyStatistics';
import { CompensatedLoans1795470000000 } from './1795470000000-CompensatedLoans';
import { RecordDigests1796212827703 } from './1796212827703-RecordDigests';
import { BankRegistry1796223331670 } from './1796223331670-BankRegistry';
import { PolicyReevaluations1796223563270 } from './1796223563270-PolicyReevaluations';
import { BankRegistryRevision1796310000000 } from './1796310000000-BankRegistryRevision';
import { PolicyDataRevision1796400000000 } from './1796400000000-PolicyDataRevision';
import { ReevaluationHeartbeat1796400000100 } from './1796400000100-ReevaluationHeartbeat';
import { MonthlyTownshipStatistics1796400000200 } from './1796400000200-MonthlyTownshipStatistics';

export const MIGRATIONS: Function[] = [Initial1795314453620, BankLists1795323588023, MonthlyStatistics1795460000000, CompensatedLoans1795470000000, RecordDigests1796212827703, BankRegistry1796223331670, PolicyReevaluations1796223563270, BankRegistryRevision1796310000000, PolicyDataRevision1796400000000, ReevaluationHeartbeat1796400000100, MonthlyTownshipStatistics1796400000200];
