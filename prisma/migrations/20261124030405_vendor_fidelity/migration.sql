-- CreateEnum
CREATE TYPE "TaxSessionState" AS ENUM ('ok', 'needs_login', 'interactive');

-- AlterTable
ALTER TABLE "TaskInvoice" ALTER COLUMN "serialNo" DROP NOT NULL;

-- AlterTable
ALTER TABLE "VendorBatch" ADD COLUMN     "refusal" JSONB,
ADD COLUMN     "refusals" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "submittedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "TaxSession" (
    "taxNo" TEXT NOT NULL,
    "state" "TaxSessionState" NOT NULL,
    "checkedAt" TIMESTAMPTZ(3) NOT NULL,
    "loginWebUrl" TEXT,
    "vendorCode" TEXT,
    "vendorMessage" TEXT,

    CONSTRAINT "TaxSession_pkey" PRIMARY KEY ("taxNo")
);

-- Before this migration, batches made in the same millisecond could share a requestId. Every later duplicate
-- gets a fresh id in the vendor's format (the migration's time in ms + a counter), so the index can be built; a
-- batch of unknown fate among them is reconciled as any resend is (docs/DESIGN.md).
UPDATE "VendorBatch" b SET "requestId" = (floor(extract(epoch FROM now()) * 1000)::bigint * 1000 + d.n)::text
FROM (
  SELECT "taskId", seq, row_number() OVER (ORDER BY "taskId", seq) AS n
  FROM (SELECT "taskId", seq, row_number() OVER (PARTITION BY "requestId" ORDER BY "updatedAt", "taskId", seq) AS k FROM "VendorBatch") x
  WHERE k > 1
) d
WHERE b."taskId" = d."taskId" AND b.seq = d.seq;

-- CreateIndex
CREATE UNIQUE INDEX "VendorBatch_requestId_key" ON "VendorBatch"("requestId");
