/** What the bank's pages share: the signed-in bank (its names, counties, townships today), and the hub's words for a code. */
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Tag } from 'antd';
import { useLang } from '../i18n';

const OWN_BANK = gql`
  query ConsoleOwnBank {
    banks {
      code
      name
      nameEn
      countyCodes
      townships {
        townshipCode
        name
        countyCode
        since
      }
    }
  }
`;

export interface BankTownship {
  townshipCode: string;
  name: string;
  countyCode: string;
  since: string;
}

interface OwnBankData {
  banks: { code: string; name: string; nameEn: string | null; countyCodes: string[]; townships: BankTownship[] }[];
}

/** The bank's registry entry and the townships it is responsible for today (the hub shows a bank only its own). */
export function useOwnBank(bank: string) {
  const { lang } = useLang();
  const { data, error, loading } = useQuery<OwnBankData>(OWN_BANK, { fetchPolicy: 'cache-first' });
  const own = data?.banks.find((b) => b.code === bank);
  const townships = own?.townships ?? [];
  const counties = [...new Set([...(own?.countyCodes ?? []), ...townships.map((t) => t.countyCode)])].sort();
  const townshipName = (code: string) => townships.find((t) => t.townshipCode === code)?.name ?? code;
  const name = own ? (lang === 'zh' ? own.name : (own.nameEn ?? own.name)) : bank;
  return { name, townships, counties, townshipName, error, loading };
}

/** A code in the console's words when it has them, with the code beside ('已结清 (REPAID)'); the code alone otherwise. */
export function useCodeWords(prefix: string) {
  const { t } = useLang();
  return (code: string | null | undefined, withCode = true): string => {
    if (!code) return '—';
    const words = t(`${prefix}${code}`);
    if (words === `${prefix}${code}`) return code;
    return withCode ? `${words} (${code})` : words;
  };
}

/** A status as a coloured tag, in the console's words. */
export function StatusTag({ prefix, status, colors }: { prefix: string; status: string; colors: Record<string, string> }) {
  const { t } = useLang();
  const words = t(`${prefix}${status}`);
  return <Tag color={colors[status] ?? 'default'}>{words === `${prefix}${status}` ? status : words}</Tag>;
}

export type { PageInfo } from './cursor-pages';
