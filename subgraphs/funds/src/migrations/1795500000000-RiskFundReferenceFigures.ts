import { MigrationInterface, QueryRunner } from 'typeorm';

export class RiskFundReferenceFigures1795500000000 implements MigrationInterface {
  name = 'RiskFundReferenceFigures1795500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"funds\".\"deposit_rates\" (\"id\" BIGSERIAL NOT NULL, \"issuer\" character varying(16) NOT NULL, \"term\" character varying(16) NOT NULL, \"effective_from\" date NOT NULL, \"rate\" numeric(8,6) NOT NULL, \"source\" character varying(300) NOT NULL, \"recorded_by\" character varying(128) NOT NULL, \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"deposit_rates_rate_ck\" CHECK (\"rate\" >= 0 AND \"rate\" < 1), CONSTRAINT \"PK_cc97e74b86303cdd860970dfc05\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"deposit_rates_key_idx\" ON \"funds\".\"deposit_rates\"  (\"issuer\", \"term\", \"effective_from\", \"recorded_at\") ");
    await queryRunner.query("CREATE TABLE \"funds\".\"bank_npl_targets\" (\"id\" BIGSERIAL NOT NULL, \"bank_code\" character varying(16) NOT NULL, \"year\" integer NOT NULL, \"target\" numeric(8,6) NOT NULL, \"source\" character varying(300) NOT NULL, \"recorded_by\" character varying(128) NOT NULL, \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"bank_npl_targets_target_ck\" CHECK (\"target\" >= 0 AND \"target\" < 1), CONSTRAINT \"PK_5f38a5acbb859110cb37a6cd749\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"bank_npl_targets_key_idx\" ON \"funds\".\"bank_npl_targets\"  (\"bank_code\", \"year\", \"recorded_at\") ");
    await queryRunner.query("CREATE TABLE \"funds\".\"holiday_arrangements\" (\"id\" BIGSERIAL NOT NULL, \"year\" integer NOT NULL, \"arrangements\" jsonb NOT NULL, \"recorded_by\" character varying(128) NOT NULL, \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_ba1876a1fe73cd2147411975715\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"holiday_arrangements_key_idx\" ON \"funds\".\"holiday_arrangements\"  (\"year\", \"recorded_at\") ");
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_assessments\" ADD \"npl_target\" numeric(8,6)");
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claims\" ADD \"documents\" jsonb NOT NULL DEFAULT '[]'");
    // Written by hand: free-text document references become typed ones. What a bank filed before
    // the kinds existed is kept, as EVIDENCE (the one kind no rule requires).
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claim_lines\" ADD \"typed_documents\" jsonb");
    await queryRunner.query(
      "UPDATE \"funds\".\"risk_fund_claim_lines\" SET \"typed_documents\" = (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', 'EVIDENCE', 'reference', d) ORDER BY n), '[]'::jsonb) FROM unnest(\"documents\") WITH ORDINALITY AS t(d, n))",
    );
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claim_lines\" DROP COLUMN \"documents\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claim_lines\" RENAME COLUMN \"typed_documents\" TO \"documents\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claim_lines\" ALTER COLUMN \"documents\" SET NOT NULL");
    // The rules documents gain three fields (domain/risk-fund-rules.ts). Versions recorded before
    // them keep their meaning: no extended-loan margin, no required documents, no reward; the
    // shipped Wushan version gains what its text says (第十三、十七、十八条), as the code now ships it.
    await queryRunner.query(
      "UPDATE \"funds\".\"risk_fund_rule_versions\" SET \"rules\" = \"rules\" || '{\"extendedLoanNplMargin\": null, \"claimDocuments\": {\"perClaim\": [], \"perLoan\": []}, \"lendingReward\": null}'::jsonb WHERE NOT \"rules\" ? 'claimDocuments'",
    );
    await queryRunner.query(
      "UPDATE \"funds\".\"risk_fund_rule_versions\" SET \"rules\" = \"rules\" || '{\"extendedLoanNplMargin\": \"0.02\", \"claimDocuments\": {\"perClaim\": [\"APPLICATION_REPORT\", \"APPLICATION_FORM\"], \"perLoan\": [\"LOAN_RECEIPT\", \"COLLECTION_NOTICE\"]}, \"lendingReward\": {\"minCollectionCoverage\": \"1\", \"minRecoveryRate\": \"0.95\", \"maxShareOfNewLending\": \"0.01\"}}'::jsonb, \"source\" = '004 巫山府办发〔2017〕166号 第六、七、十至十三、十七至二十一条' WHERE \"id\" = 'wushan-2017-risk-fund'",
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "UPDATE \"funds\".\"risk_fund_rule_versions\" SET \"rules\" = \"rules\" - 'extendedLoanNplMargin' - 'claimDocuments' - 'lendingReward'",
    );
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claim_lines\" ADD \"text_documents\" text array");
    await queryRunner.query("UPDATE \"funds\".\"risk_fund_claim_lines\" SET \"text_documents\" = ARRAY(SELECT d->>'reference' FROM jsonb_array_elements(\"documents\") AS d)");
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claim_lines\" DROP COLUMN \"documents\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claim_lines\" RENAME COLUMN \"text_documents\" TO \"documents\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claim_lines\" ALTER COLUMN \"documents\" SET NOT NULL");
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claims\" DROP COLUMN \"documents\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_assessments\" DROP COLUMN \"npl_target\"");
    await queryRunner.query("DROP INDEX \"funds\".\"holiday_arrangements_key_idx\"");
    await queryRunner.query("DROP TABLE \"funds\".\"holiday_arrangements\"");
    await queryRunner.query("DROP INDEX \"funds\".\"bank_npl_targets_key_idx\"");
    await queryRunner.query("DROP TABLE \"funds\".\"bank_npl_targets\"");
    await queryRunner.query("DROP INDEX \"funds\".\"deposit_rates_key_idx\"");
    await queryRunner.query("DROP TABLE \"funds\".\"deposit_rates\"");
  }
}
