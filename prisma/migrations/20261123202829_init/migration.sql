-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('accepted', 'submitted', 'waiting_tax_login', 'completed', 'partially_failed', 'failed');

-- CreateEnum
CREATE TYPE "InvoiceOutcome" AS ENUM ('pending', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "BatchState" AS ENUM ('pending', 'sending', 'submitted', 'done', 'refused');

-- CreateTable
CREATE TABLE "RecordingTask" (
    "id" UUID NOT NULL,
    "clientId" TEXT NOT NULL DEFAULT 'public',
    "apiKeyId" TEXT,
    "requestId" TEXT,
    "idempotencyKey" TEXT,
    "requestHash" TEXT NOT NULL,
    "reference" TEXT,
    "taxNo" TEXT NOT NULL,
    "nextEntryMarkStatus" TEXT NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'accepted',
    "invoiceCount" INTEGER NOT NULL,
    "error" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "RecordingTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VendorBatch" (
    "taskId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "requestId" TEXT NOT NULL,
    "state" "BatchState" NOT NULL DEFAULT 'pending',
    "vendorTaskNo" TEXT,
    "resends" INTEGER NOT NULL DEFAULT 0,
    "polls" INTEGER NOT NULL DEFAULT 0,
    "invoiceCount" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "VendorBatch_pkey" PRIMARY KEY ("taskId","seq")
);

-- CreateTable
CREATE TABLE "TaskInvoice" (
    "taskId" UUID NOT NULL,
    "idx" INTEGER NOT NULL,
    "batchSeq" INTEGER NOT NULL,
    "taxNo" TEXT NOT NULL,
    "serialNo" TEXT NOT NULL,
    "invoiceNo" TEXT NOT NULL,
    "invoiceCode" TEXT NOT NULL DEFAULT '',
    "recordedTime" TEXT NOT NULL,
    "recordedPeriod" TEXT NOT NULL,
    "outcome" "InvoiceOutcome" NOT NULL DEFAULT 'pending',
    "preEntryMarkStatus" TEXT,
    "entryMarkStatus" TEXT,
    "failReason" TEXT,
    "invoiceType" TEXT,
    "invoiceDate" TEXT,
    "etaxInvoiceNo" TEXT,
    "vendorItem" JSONB,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TaskInvoice_pkey" PRIMARY KEY ("taskId","idx")
);

-- CreateTable
CREATE TABLE "VendorCall" (
    "id" BIGSERIAL NOT NULL,
    "taskId" UUID,
    "interfaceCode" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "resultCode" TEXT NOT NULL,
    "errorMessage" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VendorCall_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecordingTask_status_nextAttemptAt_idx" ON "RecordingTask"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "RecordingTask_clientId_createdAt_id_idx" ON "RecordingTask"("clientId", "createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "RecordingTask_clientId_taxNo_createdAt_idx" ON "RecordingTask"("clientId", "taxNo", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "RecordingTask_clientId_idempotencyKey_key" ON "RecordingTask"("clientId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "TaskInvoice_taxNo_invoiceNo_invoiceCode_idx" ON "TaskInvoice"("taxNo", "invoiceNo", "invoiceCode");

-- CreateIndex
CREATE INDEX "VendorCall_taskId_idx" ON "VendorCall"("taskId");

-- AddForeignKey
ALTER TABLE "VendorBatch" ADD CONSTRAINT "VendorBatch_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "RecordingTask"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskInvoice" ADD CONSTRAINT "TaskInvoice_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "RecordingTask"("id") ON DELETE CASCADE ON UPDATE CASCADE;
