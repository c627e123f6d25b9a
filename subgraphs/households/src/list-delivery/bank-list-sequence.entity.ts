import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last sequence number given to each bank's deliveries; incremented under the row lock so numbers never gap or repeat. */
@Entity({ name: 'bank_list_sequences' })
export class BankListSequenceRecord {
  @PrimaryColumn({ name: 'bank_code', type: 'varchar', length: 16 })
  bankCode: string;

  @Column({ name: 'last_sequence', type: 'bigint' })
  lastSequence: string;
}
