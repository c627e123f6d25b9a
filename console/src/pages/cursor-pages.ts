/** Server pages of a cursor connection: the cursors seen so far and the page shown. */
import { gql } from '@apollo/client';
import { useState } from 'react';

/** What every connection's page tells (one PageInfo type for all of them in the schema). */
export const PAGE_INFO = gql`
  fragment ConsolePageInfo on PageInfo {
    endCursor
    hasNextPage
  }
`;

export type PageInfo = { endCursor: string | null; hasNextPage: boolean };

export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [pageIndex, setPageIndex] = useState(0);
  const goTo = (index: number, endCursor: string | null | undefined) => {
    if (index > pageIndex && !cursors[index]) setCursors([...cursors.slice(0, index), endCursor ?? null]);
    setPageIndex(index);
  };
  const reset = () => {
    setCursors([null]);
    setPageIndex(0);
  };
  /** A filter's setter that also goes back to the first page: a new filter is a new list, its old cursors mean nothing. */
  const resetting =
    <T>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      reset();
    };
  return { after: cursors[pageIndex], pageIndex, goTo, reset, resetting };
}
