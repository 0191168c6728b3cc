-- CreateTable
CREATE TABLE "AutoEntryCandidate" (
    "clientId" TEXT NOT NULL,
    "taxNo" TEXT NOT NULL,
    "invoiceCode" TEXT NOT NULL,
    "invoiceNo" TEXT NOT NULL,
    "invoiceType" TEXT NOT NULL,
    "issueDate" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "documentType" TEXT,
    "documentNumber" TEXT,
    "documentStatus" TEXT,
    "voucherNumber" TEXT,
    "voucherPeriod" TEXT,
    "voucherDate" TEXT,
    "state" TEXT NOT NULL DEFAULT 'normal',
    "sellerTaxNo" TEXT,
    "amount" DECIMAL(18,2),
    "withdrawnAt" TIMESTAMPTZ(3),
    "runId" UUID,
    "submitKey" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AutoEntryCandidate_pkey" PRIMARY KEY ("clientId","taxNo","invoiceCode","invoiceNo")
);

-- CreateTable
CREATE TABLE "AutoEntryRule" (
    "clientId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "priority" INTEGER NOT NULL,
    "taxNos" TEXT[],
    "match" JSONB NOT NULL,
    "action" JSONB NOT NULL,
    "schedule" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "lastSlotAt" TIMESTAMPTZ(3) NOT NULL,
    "runId" UUID,
    "runUntil" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AutoEntryRule_pkey" PRIMARY KEY ("clientId","name")
);

-- CreateTable
CREATE TABLE "AutoEntryRuleChange" (
    "id" BIGSERIAL NOT NULL,
    "clientId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "operator" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "AutoEntryRuleChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AutoEntryRun" (
    "id" UUID NOT NULL,
    "clientId" TEXT NOT NULL,
    "ruleName" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "slot" TIMESTAMPTZ(3),
    "state" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "counts" JSONB NOT NULL DEFAULT '{}',
    "taskIds" UUID[],
    "error" TEXT,

    CONSTRAINT "AutoEntryRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AutoEntryCandidate_clientId_taxNo_invoiceNo_idx" ON "AutoEntryCandidate"("clientId", "taxNo", "invoiceNo");

-- CreateIndex
CREATE INDEX "AutoEntryRuleChange_clientId_name_at_idx" ON "AutoEntryRuleChange"("clientId", "name", "at");

-- CreateIndex
CREATE INDEX "AutoEntryRun_clientId_startedAt_id_idx" ON "AutoEntryRun"("clientId", "startedAt" DESC, "id");

-- CreateIndex
CREATE INDEX "AutoEntryRun_state_idx" ON "AutoEntryRun"("state");

-- CreateIndex
CREATE UNIQUE INDEX "AutoEntryRun_clientId_ruleName_slot_key" ON "AutoEntryRun"("clientId", "ruleName", "slot");
