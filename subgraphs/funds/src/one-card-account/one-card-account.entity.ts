import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OneCardAccountStatus } from './account-status';

/**
 * 一卡通: the one account per household into which the finance bureau pays subsidies.
 * Account number and holder name are sealed (AES-256-GCM), each with a keyed hash for matching
 * and for telling whether a write changes anything (updated_at moves only then).
 */
@Entity({ name: 'one_card_accounts' })
@Index('one_card_accounts_household_uq', ['householdId'], { unique: true })
@Index('one_card_accounts_number_hash_idx', ['accountNumberHash'])
@Index('one_card_accounts_county_idx', ['countyCode', 'id'])
export class OneCardAccountRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ name: 'issuing_bank_code', type: 'varchar', length: 16 })
  issuingBankCode: string;

  @Column({ name: 'account_number_sealed', type: 'bytea' })
  accountNumberSealed: Buffer;

  @Column({ name: 'account_number_hash', type: 'char', length: 64 })
  accountNumberHash: string;

  @Column({ name: 'holder_name_sealed', type: 'bytea' })
  holderNameSealed: Buffer;

  /**
   * Keyed hash of the normalized holder name (one-card-account-writer's holderNameHash): the
   * sealed name cannot be compared, this tells whether a write changes the name. Null for
   * accounts recorded before it existed.
   */
  @Column({ name: 'holder_name_hash', type: 'char', length: 64, nullable: true })
  holderNameHash: string | null;

  @Column({ name: 'pii_key_id', type: 'varchar', length: 32 })
  piiKeyId: string;

  @Column({ type: 'varchar', length: 8 })
  status: OneCardAccountStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
