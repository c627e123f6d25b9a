import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One problem found in an imported file: where (row, column), what (masked value), why (code). */
@Entity({ name: 'roster_import_errors' })
@Index('roster_import_errors_import_idx', ['importId', 'row', 'id'])
export class RosterImportErrorRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'import_id', type: 'uuid' })
  importId: string;

  @Column({ type: 'integer' })
  row: number;

  @Column({ name: 'column_name', type: 'varchar', length: 64 })
  column: string;

  @Column({ type: 'varchar', length: 64 })
  value: string;

  @Column({ type: 'varchar', length: 48 })
  code: string;

  @Column({ name: 'message_zh', type: 'varchar', length: 200 })
  messageZh: string;

  @Column({ name: 'message_en', type: 'varchar', length: 200 })
  messageEn: string;
}
