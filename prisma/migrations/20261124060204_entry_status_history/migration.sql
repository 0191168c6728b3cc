-- AlterTable
ALTER TABLE "RecordingTask" ADD COLUMN     "operator" TEXT,
ADD COLUMN     "reason" TEXT;

-- CreateTable
CREATE TABLE "EntryStatusChange" (
    "id" BIGSERIAL NOT NULL,
    "clientId" TEXT NOT NULL,
    "taxNo" TEXT NOT NULL,
    "invoiceNo" TEXT NOT NULL,
    "invoiceCode" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "taskId" UUID NOT NULL,
    "vendorTaskNo" TEXT,
    "operator" TEXT,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EntryStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EntryStatusChange_taxNo_invoiceNo_invoiceCode_at_idx" ON "EntryStatusChange"("taxNo", "invoiceNo", "invoiceCode", "at" DESC);

-- The history is append-only: nothing may change or remove a row once written.
CREATE FUNCTION "EntryStatusChange_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the entry-status history is append-only: % is refused', TG_OP;
END
$$;
CREATE TRIGGER "EntryStatusChange_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "EntryStatusChange"
  FOR EACH STATEMENT EXECUTE FUNCTION "EntryStatusChange_append_only"();
