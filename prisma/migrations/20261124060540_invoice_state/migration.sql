-- CreateTable
CREATE TABLE "InvoiceState" (
    "clientId" TEXT NOT NULL,
    "taxNo" TEXT NOT NULL,
    "invoiceNo" TEXT NOT NULL,
    "invoiceCode" TEXT NOT NULL,
    "taskId" UUID NOT NULL,
    "reference" TEXT,
    "nextEntryMarkStatus" TEXT NOT NULL,
    "outcome" "InvoiceOutcome" NOT NULL,
    "entryMarkStatus" TEXT,
    "failReason" TEXT,
    "recordedTime" TEXT NOT NULL,
    "recordedPeriod" TEXT NOT NULL,
    "recordedMonth" TEXT NOT NULL,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "InvoiceState_pkey" PRIMARY KEY ("clientId","taxNo","invoiceNo","invoiceCode")
);

-- CreateIndex
CREATE INDEX "InvoiceState_clientId_outcome_taxNo_invoiceNo_invoiceCode_idx" ON "InvoiceState"("clientId", "outcome", "taxNo", "invoiceNo", "invoiceCode");

-- CreateIndex
CREATE INDEX "InvoiceState_clientId_entryMarkStatus_taxNo_invoiceNo_invoi_idx" ON "InvoiceState"("clientId", "entryMarkStatus", "taxNo", "invoiceNo", "invoiceCode");

-- CreateIndex
CREATE INDEX "InvoiceState_clientId_recordedMonth_taxNo_invoiceNo_invoice_idx" ON "InvoiceState"("clientId", "recordedMonth", "taxNo", "invoiceNo", "invoiceCode");

-- CreateIndex
CREATE INDEX "InvoiceState_clientId_reference_idx" ON "InvoiceState"("clientId", "reference");


-- Backfill: each client's latest row of each invoice, and the latest status any of its tasks learnt.
INSERT INTO "InvoiceState" ("clientId", "taxNo", "invoiceNo", "invoiceCode", "taskId", reference, "nextEntryMarkStatus", outcome, "entryMarkStatus",
                            "failReason", "recordedTime", "recordedPeriod", "recordedMonth", "submittedAt", "updatedAt")
SELECT DISTINCT ON (t."clientId", i."taxNo", i."invoiceNo", i."invoiceCode")
       t."clientId", i."taxNo", i."invoiceNo", i."invoiceCode", i."taskId", t.reference, t."nextEntryMarkStatus", i.outcome,
       (SELECT k."entryMarkStatus" FROM "TaskInvoice" k JOIN "RecordingTask" kt ON kt.id = k."taskId"
        WHERE kt."clientId" = t."clientId" AND k."taxNo" = i."taxNo" AND k."invoiceNo" = i."invoiceNo" AND k."invoiceCode" = i."invoiceCode"
          AND k."entryMarkStatus" IS NOT NULL
        ORDER BY k."updatedAt" DESC LIMIT 1),
       i."failReason", i."recordedTime", i."recordedPeriod", left(i."recordedPeriod", 6), t."createdAt", i."updatedAt"
FROM "TaskInvoice" i JOIN "RecordingTask" t ON t.id = i."taskId"
ORDER BY t."clientId", i."taxNo", i."invoiceNo", i."invoiceCode", t."createdAt" DESC, i."updatedAt" DESC;
