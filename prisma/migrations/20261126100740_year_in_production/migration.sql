-- CreateTable
CREATE TABLE "InvoiceCount" (
    "id" BIGSERIAL NOT NULL,
    "clientId" TEXT NOT NULL,
    "taxNo" TEXT NOT NULL,
    "recordedMonth" TEXT NOT NULL,
    "recordedPeriod" TEXT NOT NULL,
    "nextEntryMarkStatus" TEXT NOT NULL,
    "outcome" "InvoiceOutcome" NOT NULL,
    "failReason" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "InvoiceCount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "until" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "JobLease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "InvoiceCount_clientId_taxNo_recordedMonth_idx" ON "InvoiceCount"("clientId", "taxNo", "recordedMonth");

-- CreateIndex
CREATE INDEX "RecordingTask_clientId_reference_idx" ON "RecordingTask"("clientId", "reference");

-- CreateIndex
CREATE INDEX "VendorCall_at_idx" ON "VendorCall"("at");

-- CreateIndex
CREATE INDEX "WebhookDelivery_taskId_idx" ON "WebhookDelivery"("taskId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_createdAt_idx" ON "WebhookDelivery"("createdAt");

-- The month-end summary kept incrementally (issue 23). After every statement that writes "InvoiceState", one row per
-- (client, tax number, period, target, outcome, failure reason) whose count changed, with the change: rows only
-- appended, so concurrent writers never wait for one another here. The summary adds the rows up.
CREATE FUNCTION invoice_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "InvoiceCount" ("clientId", "taxNo", "recordedMonth", "recordedPeriod", "nextEntryMarkStatus", outcome, "failReason", n)
    SELECT "clientId", "taxNo", "recordedMonth", "recordedPeriod", "nextEntryMarkStatus", outcome,
           CASE WHEN outcome = 'failed' THEN coalesce("failReason", '') ELSE '' END, count(*)
    FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6, 7;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "InvoiceCount" ("clientId", "taxNo", "recordedMonth", "recordedPeriod", "nextEntryMarkStatus", outcome, "failReason", n)
    SELECT "clientId", "taxNo", "recordedMonth", "recordedPeriod", "nextEntryMarkStatus", outcome,
           CASE WHEN outcome = 'failed' THEN coalesce("failReason", '') ELSE '' END, -count(*)
    FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6, 7;
  ELSE
    INSERT INTO "InvoiceCount" ("clientId", "taxNo", "recordedMonth", "recordedPeriod", "nextEntryMarkStatus", outcome, "failReason", n)
    SELECT "clientId", "taxNo", "recordedMonth", "recordedPeriod", "nextEntryMarkStatus", outcome, reason, sum(d)
    FROM (SELECT "clientId", "taxNo", "recordedMonth", "recordedPeriod", "nextEntryMarkStatus", outcome,
                 CASE WHEN outcome = 'failed' THEN coalesce("failReason", '') ELSE '' END AS reason, 1 AS d FROM new_rows
          UNION ALL
          SELECT "clientId", "taxNo", "recordedMonth", "recordedPeriod", "nextEntryMarkStatus", outcome,
                 CASE WHEN outcome = 'failed' THEN coalesce("failReason", '') ELSE '' END, -1 FROM old_rows) AS change
    GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(d) <> 0;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER invoice_count_insert AFTER INSERT ON "InvoiceState" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_count_apply();
CREATE TRIGGER invoice_count_update AFTER UPDATE ON "InvoiceState" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_count_apply();
CREATE TRIGGER invoice_count_delete AFTER DELETE ON "InvoiceState" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_count_apply();

-- The counts of the states already stored.
INSERT INTO "InvoiceCount" ("clientId", "taxNo", "recordedMonth", "recordedPeriod", "nextEntryMarkStatus", outcome, "failReason", n)
SELECT "clientId", "taxNo", "recordedMonth", "recordedPeriod", "nextEntryMarkStatus", outcome,
       CASE WHEN outcome = 'failed' THEN coalesce("failReason", '') ELSE '' END, count(*)
FROM "InvoiceState" GROUP BY 1, 2, 3, 4, 5, 6, 7;
