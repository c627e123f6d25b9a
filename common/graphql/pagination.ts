/**
 * Keyset pagination shared by every list: `first` (bounded) and an opaque `after` cursor.
 * Cursors encode the sort key of the last row; they are validated, never spliced into SQL.
 */
import { badInput } from '../errors/hub-error';
import { ClassType, Directive, Field, ObjectType } from 'type-graphql';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

@ObjectType({ description: 'Where a page ends and whether another follows.' })
@Directive('@shareable')
export class PageInfo {
  @Field(() => String, { nullable: true, description: 'Pass as `after` to fetch the next page.' })
  endCursor: string | null;

  @Field()
  hasNextPage: boolean;
}

export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
}

export function ConnectionType<T extends object>(node: ClassType<T>) {
  // Not emitted by itself (TypeGraphQL 2 emits only types the schema reaches); subclasses inherit the fields.
  @ObjectType()
  abstract class Connection {
    @Field(() => [node])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;
  }
  return Connection;
}

export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}`, 'first');
  }
  return size;
}

export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, pattern: RegExp): string | null {
  if (cursor == null) return null;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!pattern.test(key)) throw badInput('after is not a cursor this list issued', 'after');
  return key;
}

/** Turns `size + 1` fetched rows into a page (the extra row only says another page follows). */
export function toPage<T>(rows: T[], size: number, keyOf: (row: T) => string): Page<T> {
  const nodes = rows.slice(0, size);
  return { nodes, pageInfo: { hasNextPage: rows.length > size, endCursor: nodes.length ? encodeCursor(keyOf(nodes[nodes.length - 1])) : null } };
}
