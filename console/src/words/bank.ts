/** The words of the bank's pages (see define-words.ts). */
import { defineWords } from './define-words';

export const bankWords = defineWords(
  {
    menuBankList: '我行名单',
    menuBankLoans: '贷款与发放',
    menuBankClaims: '风险补偿',
  },
  {
    menuBankList: 'Our beneficiary list',
    menuBankLoans: 'Loans and payouts',
    menuBankClaims: 'Risk compensation',
  },
);
