import { MigrationInterface, QueryRunner } from 'typeorm';

export class ListDeliveries1795321340721 implements MigrationInterface {
  name = 'ListDeliveries1795321340721';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"households\".\"bank_list_sequences\" (\"bank_code\" character varying(16) NOT NULL, \"last_sequence\" bigint NOT NULL, CONSTRAINT \"PK_125e4aa4cb9876a5b5658d46fdb\" PRIMARY KEY (\"bank_code\"))");
    await queryRunner.query("CREATE TABLE \"households\".\"list_deliveries\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"bank_code\" character varying(16) NOT NULL, \"sequence\" bigint NOT NULL, \"idempotency_key\" character varying(80) NOT NULL, \"kind\" character varying(8) NOT NULL, \"county_code\" character varying(6) NOT NULL, \"roster_version_id\" uuid, \"outbox_event_id\" bigint NOT NULL, \"effective_date\" date NOT NULL, \"snapshot_id\" uuid, \"snapshot_townships\" text array, \"snapshot_part\" integer, \"snapshot_last_part\" boolean, \"upsert_count\" integer NOT NULL, \"removal_count\" integer NOT NULL, \"status\" character varying(16) NOT NULL, \"attempts\" integer NOT NULL DEFAULT '0', \"last_error\" character varying(500), \"last_attempt_at\" TIMESTAMP WITH TIME ZONE, \"acknowledged_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"list_deliveries_kind_ck\" CHECK (\"kind\" IN ('DELTA', 'SNAPSHOT')), CONSTRAINT \"list_deliveries_status_ck\" CHECK (\"status\" IN ('PENDING', 'SENT', 'ACKNOWLEDGED', 'FAILED')), CONSTRAINT \"PK_0c21abeb94e4fd20e3cc71769a7\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"list_deliveries_version_idx\" ON \"households\".\"list_deliveries\"  (\"roster_version_id\") ");
    await queryRunner.query("CREATE INDEX \"list_deliveries_open_idx\" ON \"households\".\"list_deliveries\"  (\"bank_code\", \"sequence\") WHERE \"status\" <> 'ACKNOWLEDGED'");
    await queryRunner.query("CREATE UNIQUE INDEX \"list_deliveries_idempotency_key_uq\" ON \"households\".\"list_deliveries\"  (\"idempotency_key\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"list_deliveries_bank_sequence_uq\" ON \"households\".\"list_deliveries\"  (\"bank_code\", \"sequence\") ");
    await queryRunner.query("CREATE TABLE \"households\".\"list_delivery_items\" (\"delivery_id\" uuid NOT NULL, \"household_no\" character varying(32) NOT NULL, \"op\" character varying(8) NOT NULL, \"entry_version_id\" uuid NOT NULL, \"township_code\" character varying(9) NOT NULL, \"removal_reason\" character varying(24), CONSTRAINT \"list_delivery_items_op_ck\" CHECK (\"op\" IN ('ADD', 'CHANGE', 'REMOVE')), CONSTRAINT \"PK_20296f96c12cccbe20e8f3adbe4\" PRIMARY KEY (\"delivery_id\", \"household_no\"))");
    await queryRunner.query("ALTER TABLE \"households\".\"list_delivery_items\" ADD CONSTRAINT \"list_delivery_items_delivery_fk\" FOREIGN KEY (\"delivery_id\") REFERENCES \"households\".\"list_deliveries\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"households\".\"list_delivery_items\" DROP CONSTRAINT \"list_delivery_items_delivery_fk\"");
    await queryRunner.query("DROP TABLE \"households\".\"list_delivery_items\"");
    await queryRunner.query("DROP INDEX \"households\".\"list_deliveries_bank_sequence_uq\"");
    await queryRunner.query("DROP INDEX \"households\".\"list_deliveries_idempotency_key_uq\"");
    await queryRunner.query("DROP INDEX \"households\".\"list_deliveries_open_idx\"");
    await queryRunner.query("DROP INDEX \"households\".\"list_deliveries_version_idx\"");
    await queryRunner.query("DROP TABLE \"households\".\"list_deliveries\"");
    await queryRunner.query("DROP TABLE \"households\".\"bank_list_sequences\"");
  }
}
