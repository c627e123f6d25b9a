import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * loan_record_digests: the content digest of each applied record version. Nothing is backfilled: a
 * loan stored before has no row for its version on record, and the ingest compares a resend of
 * that version with the loan row itself (and keeps its digest from then on).
 */
export class RecordDigests1796212827703 implements MigrationInterface {
  name = 'RecordDigests1796212827703';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"loans\".\"loan_record_digests\" (\"loan_id\" uuid NOT NULL, \"record_version\" integer NOT NULL, \"digest\" character(64) NOT NULL, \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"loan_record_digests_pk\" PRIMARY KEY (\"loan_id\", \"record_version\"))");
    await queryRunner.query("ALTER TABLE \"loans\".\"loan_record_digests\" ADD CONSTRAINT \"loan_record_digests_loan_fk\" FOREIGN KEY (\"loan_id\") REFERENCES \"loans\".\"loans\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"loans\".\"loan_record_digests\" DROP CONSTRAINT \"loan_record_digests_loan_fk\"");
    await queryRunner.query("DROP TABLE \"loans\".\"loan_record_digests\"");
  }
}
