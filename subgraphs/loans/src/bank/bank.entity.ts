import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A lending bank (承贷银行), identified by a short code used in tokens and the connector;
 * registered, updated and retired by an admin (bank-registry.service.ts). Columns of banks
 * recorded before registration existed are null (registered/English name unknown).
 */
@Entity({ name: 'banks' })
@Index('banks_revision_idx', ['revision'])
export class BankRecord {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  code: string;

  /** The Chinese name (中国农业银行楚雄分行). */
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200, nullable: true })
  nameEn: string | null;

  /** The 一卡通 card number prefixes (IIN/BIN, 6-8 digits) of the cards it issues. */
  @Column({ name: 'card_prefixes', type: 'text', array: true, default: () => "'{}'" })
  cardPrefixes: string[];

  /** GB/T 2260 codes of the counties it lends in. */
  @Column({ name: 'county_codes', type: 'text', array: true, default: () => "'{}'" })
  countyCodes: string[];

  @Column({ name: 'connector_url', type: 'varchar', length: 300, nullable: true })
  connectorUrl: string | null;

  /** The name of the secret the connector authenticates with (an environment variable or a secret store key), never the secret. */
  @Column({ name: 'credential_ref', type: 'varchar', length: 130, nullable: true })
  credentialRef: string | null;

  @Column({ name: 'registered_at', type: 'timestamptz', nullable: true })
  registeredAt: Date | null;

  @Column({ name: 'registered_by', type: 'varchar', length: 100, nullable: true })
  registeredBy: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true })
  updatedAt: Date | null;

  @Column({ name: 'updated_by', type: 'varchar', length: 100, nullable: true })
  updatedBy: string | null;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @Column({ name: 'retired_by', type: 'varchar', length: 100, nullable: true })
  retiredBy: string | null;

  /**
   * The registry revision of its last change (sequence loans.bank_registry_revision, taken under the
   * registry lock): what the households and funds sides' bank directories are ordered by.
   */
  @Column({ type: 'bigint', default: '0' })
  revision: string;
}
