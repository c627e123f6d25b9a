import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ListDeliveryRecord } from './list-delivery.entity';

/**
 * One household in a delivery. Personal data is not copied here: `entryVersionId` points at the
 * roster entry (encrypted at rest) that is read when the delivery is sent.
 */
@Entity({ name: 'list_delivery_items' })
@Check('list_delivery_items_op_ck', `"op" IN ('ADD', 'CHANGE', 'REMOVE')`)
export class ListDeliveryItemRecord {
  @PrimaryColumn({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  @ManyToOne(() => ListDeliveryRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'list_delivery_items_delivery_fk' })
  delivery?: ListDeliveryRecord;

  @PrimaryColumn({ name: 'household_no', type: 'varchar', length: 32 })
  householdNo: string;

  @Column({ type: 'varchar', length: 8 })
  op: 'ADD' | 'CHANGE' | 'REMOVE';

  /** The roster version whose entry holds this household's data (the old one for a removal). */
  @Column({ name: 'entry_version_id', type: 'uuid' })
  entryVersionId: string;

  @Column({ name: 'township_code', type: 'varchar', length: 9 })
  townshipCode: string;

  @Column({ name: 'removal_reason', type: 'varchar', length: 24, nullable: true })
  removalReason: string | null;
}
