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
  return { after: cursors[pageIndex], pageIndex, goTo, reset };
}
