/** The words of the regulator's pages (see define-words.ts). */
import { defineWords } from './define-words';

export const regulatorWords = defineWords(
  {
    menuRegStatistics: '月度统计',
    menuRegRiskFunds: '风险补偿金',
  },
  {
    menuRegStatistics: 'Monthly statistics',
    menuRegRiskFunds: 'Risk funds',
  },
);
