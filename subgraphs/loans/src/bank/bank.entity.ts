import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A lending bank (承贷银行), identified by a short code used in tokens and the connector. */
@Entity({ name: 'banks' })
export class BankRecord {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;
}
