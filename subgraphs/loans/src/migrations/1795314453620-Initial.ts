import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795314453620 implements MigrationInterface {
  name = 'Initial1795314453620';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"loans\".\"banks\" (\"code\" character varying(16) NOT NULL, \"name\" character varying(100) NOT NULL, CONSTRAINT \"PK_337dd3f2308d7c154612e14196a\" PRIMARY KEY (\"code\"))");
    await queryRunner.query("CREATE TABLE \"loans\".\"loans\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"contract_no\" character varying(64) NOT NULL, \"bank_code\" character varying(16) NOT NULL, \"household_id\" uuid NOT NULL, \"county_code\" character varying(6) NOT NULL, \"township_code\" character varying(9) NOT NULL, \"amount\" numeric(14,2) NOT NULL, \"annual_rate\" numeric(8,6) NOT NULL, \"term_months\" smallint NOT NULL, \"contract_date\" date NOT NULL, \"maturity_date\" date NOT NULL, \"status\" character varying(16) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"loans_term_ck\" CHECK (\"term_months\" > 0 AND \"maturity_date\" > \"contract_date\"), CONSTRAINT \"loans_rate_ck\" CHECK (\"annual_rate\" >= 0 AND \"annual_rate\" < 1), CONSTRAINT \"loans_amount_ck\" CHECK (\"amount\" > 0), CONSTRAINT \"PK_5c6942c1e13e4de135c5203ee61\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"loans_county_idx\" ON \"loans\".\"loans\"  (\"county_code\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"loans_household_idx\" ON \"loans\".\"loans\"  (\"household_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"loans_bank_contract_uq\" ON \"loans\".\"loans\"  (\"bank_code\", \"contract_no\") ");
    await queryRunner.query("ALTER TABLE \"loans\".\"loans\" ADD CONSTRAINT \"loans_bank_fk\" FOREIGN KEY (\"bank_code\") REFERENCES \"loans\".\"banks\"(\"code\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"loans\".\"loans\" DROP CONSTRAINT \"loans_bank_fk\"");
    await queryRunner.query("DROP INDEX \"loans\".\"loans_bank_contract_uq\"");
    await queryRunner.query("DROP INDEX \"loans\".\"loans_household_idx\"");
    await queryRunner.query("DROP INDEX \"loans\".\"loans_county_idx\"");
    await queryRunner.query("DROP TABLE \"loans\".\"loans\"");
    await queryRunner.query("DROP TABLE \"loans\".\"banks\"");
  }
}
