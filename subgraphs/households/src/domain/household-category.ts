/** Household categories as the national monitoring system names them. */
export enum HouseholdCategory {
  /** 脱贫户 (formerly 建档立卡贫困户) */
  LIFTED_OUT = 'LIFTED_OUT',
  /** 脱贫不稳定户 */
  UNSTABLE_LIFTED = 'UNSTABLE_LIFTED',
  /** 边缘易致贫户 */
  EDGE_AT_RISK = 'EDGE_AT_RISK',
  /** 突发严重困难户 */
  SUDDEN_HARDSHIP = 'SUDDEN_HARDSHIP',
}

export const HOUSEHOLD_CATEGORY_LABELS: Record<HouseholdCategory, string> = {
  [HouseholdCategory.LIFTED_OUT]: '脱贫户',
  [HouseholdCategory.UNSTABLE_LIFTED]: '脱贫不稳定户',
  [HouseholdCategory.EDGE_AT_RISK]: '边缘易致贫户',
  [HouseholdCategory.SUDDEN_HARDSHIP]: '突发严重困难户',
};
