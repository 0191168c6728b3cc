-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "TaskStatus" ADD VALUE 'stalled';
ALTER TYPE "TaskStatus" ADD VALUE 'cancelled';

-- AlterTable
ALTER TABLE "RecordingTask" ADD COLUMN     "progressAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "retryOf" UUID,
ADD COLUMN     "sentAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "RecordingTask_retryOf_idx" ON "RecordingTask"("retryOf");

-- Tasks from before: a batch that left for the vendor means the task was sent; progress as of its last change.
UPDATE "RecordingTask" t SET "progressAt" = t."updatedAt",
  "sentAt" = CASE WHEN EXISTS (SELECT 1 FROM "VendorBatch" b WHERE b."taskId" = t.id AND (b.state <> 'pending' OR b.resends > 0 OR b.refusals > 0))
                  THEN t."updatedAt" END;
