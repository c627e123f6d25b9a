import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OneCardImportRecord } from './one-card-import.entity';

/** One problem found in an imported 一卡通 file: where (row, column), what (masked value), why (code). */
@Entity({ name: 'one_card_import_errors' })
@Index('one_card_import_errors_import_idx', ['importId', 'row', 'id'])
export class OneCardImportErrorRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'import_id', type: 'uuid' })
  importId: string;

  @ManyToOne(() => OneCardImportRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id', foreignKeyConstraintName: 'one_card_import_errors_import_fk' })
  import?: OneCardImportRecord;

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
