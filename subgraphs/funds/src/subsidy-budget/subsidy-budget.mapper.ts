import type { SubsidyBudgetPosition } from './subsidy-budget.service';
import type { SubsidyBudget } from './subsidy-budget.type';

export function toSubsidyBudget(position: SubsidyBudgetPosition): SubsidyBudget {
  return {
    countyCode: position.countyCode,
    year: position.year,
    allocated: position.allocated,
    committed: position.committed,
    available: position.available,
    allocations: position.allocations.map((a) => ({
      reference: a.reference,
      amount: a.amount,
      effectiveDate: a.effectiveDate,
      recordedBy: a.recordedBy,
      recordedAt: a.recordedAt,
    })),
  };
}
