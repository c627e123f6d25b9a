import { Entity, Index } from 'typeorm';
import { ImportRowErrorColumns } from '../../../../common/tabular/import-records';

/** One problem found in an imported roster file (the columns every import's row errors have). */
@Entity({ name: 'roster_import_errors' })
@Index('roster_import_errors_import_idx', ['importId', 'row', 'id'])
export class RosterImportErrorRecord extends ImportRowErrorColumns {}
