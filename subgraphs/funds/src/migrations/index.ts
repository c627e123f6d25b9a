/** Migrations of the funds schema, in order. New ones come from `npm run migration:generate -- funds <Name>`. */
import { Initial1795314454570 } from './1795314454570-Initial';
import { Ledger1795325672716 } from './1795325672716-Ledger';
import { LedgerGuards1795325700000 } from './1795325700000-LedgerGuards';
import { SubsidyReceivables1796320000000 } from './1796320000000-SubsidyReceivables';
import { SubsidyRuns1795326296137 } from './1795326296137-SubsidyRuns';
import { PayoutBatches1795326603817 } from './1795326603817-PayoutBatches';
import { SubsidyPipeline1795390000000 } from './1795390000000-SubsidyPipeline';
import { OneCardImports1795400000000 } from './1795400000000-OneCardImports';
import { SubsidyLineFigures1795410000000 } from './1795410000000-SubsidyLineFigures';
import { SettlementRules1795430000000 } from './1795430000000-SettlementRules';
import { RiskFundRules1795440000000 } from './1795440000000-RiskFundRules';
import { RiskFundAssessments1795450000000 } from './1795450000000-RiskFundAssessments';
import { RiskFundClaims1795460000000 } from './1795460000000-RiskFundClaims';
import { RiskFundRecoveries1795470000000 } from './1795470000000-RiskFundRecoveries';
import { ClaimCauses1795480000000 } from './1795480000000-ClaimCauses';
import { ClaimLoansTold1795490000000 } from './1795490000000-ClaimLoansTold';
import { RiskFundReferenceFigures1795500000000 } from './1795500000000-RiskFundReferenceFigures';
import { LendingRewards1795510000000 } from './1795510000000-LendingRewards';
import { AssessmentBreachSince1795520000000 } from './1795520000000-AssessmentBreachSince';
import { ConfirmationFromApproval1795530000000 } from './1795530000000-ConfirmationFromApproval';
import { HouseholdDirectory1795540000000 } from './1795540000000-HouseholdDirectory';
import { SubsidyRevisions1796223191664 } from './1796223191664-SubsidyRevisions';
import { OneCardImportColumns1796223260299 } from './1796223260299-OneCardImportColumns';
import { PayoutMaker1796300000000 } from './1796300000000-PayoutMaker';
import { OverpaymentNetting1796300000001 } from './1796300000001-OverpaymentNetting';

import { BankDirectory1796310000002 } from './1796310000002-BankDirectory';
export const MIGRATIONS: Function[] = [Initial1795314454570, Ledger1795325672716, LedgerGuards1795325700000, SubsidyRuns1795326296137, PayoutBatches1795326603817, SubsidyPipeline1795390000000, OneCardImports1795400000000, SubsidyLineFigures1795410000000, SettlementRules1795430000000, RiskFundRules1795440000000, RiskFundAssessments1795450000000, RiskFundClaims1795460000000, RiskFundRecoveries1795470000000, ClaimCauses1795480000000, ClaimLoansTold1795490000000, RiskFundReferenceFigures1795500000000, LendingRewards1795510000000, AssessmentBreachSince1795520000000, ConfirmationFromApproval1795530000000, HouseholdDirectory1795540000000, SubsidyRevisions1796223191664, OneCardImportColumns1796223260299, PayoutMaker1796300000000, OverpaymentNetting1796300000001, BankDirectory1796310000002, SubsidyReceivables1796320000000];
