import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ImportRowErrorColumns } from '../../../../common/tabular/import-records';
import { OneCardImportRecord } from './one-card-import.entity';

/** One problem found in an imported 一卡通 file (the columns every import's row errors have). */
@Entity({ name: 'one_card_import_errors' })
@Index('one_card_import_errors_import_idx', ['importId', 'row', 'id'])
export class OneCardImportErrorRecord extends ImportRowErrorColumns {
  @ManyToOne(() => OneCardImportRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id', foreignKeyConstraintName: 'one_card_import_errors_import_fk' })
  import?: OneCardImportRecord;
}
