/** Beneficiary-list deliveries as the hub sends them to a bank (contracts/bank-connector), for the simulator's tests. */
import type { BeneficiaryListDelivery } from '../../contracts/bank-connector/protocol';
import { composeResidentId } from '../../common/domain/resident-id';

/** A DELTA delivery of bank ABC adding households `hh-<n>` of 楚雄市 (valid resident IDs, one village). */
export function deltaDelivery(sequence: number, households: number[], phone: string | null = null): BeneficiaryListDelivery {
  return {
    bankCode: 'ABC',
    sequence,
    kind: 'DELTA',
    countyCode: '532301',
    rosterVersionId: null,
    effectiveDate: '2025-09-01',
    snapshot: null,
    upserts: households.map((n) => ({
      op: 'ADD',
      householdId: `hh-${n}`,
      householdNo: `5323011012${String(n).padStart(6, '0')}`,
      headName: '测试户主',
      residentId: composeResidentId('532301', '1975-06-15', n),
      phone,
      countyCode: '532301',
      townshipCode: '532301101',
      villageCode: '532301101201',
      category: 'LIFTED_OUT',
      monitored: false,
      riskEliminated: null,
      liftedOutYear: 2019,
      memberCount: 4,
    })),
    removals: [],
  };
}
