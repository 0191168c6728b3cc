-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "anyTaxNo" BOOLEAN NOT NULL DEFAULT false;

-- Tax numbers are denied by default now. A client made before, with no list, could act for any tax number: it keeps
-- that, recorded explicitly, so nothing that worked stops working.
UPDATE "Client" SET "anyTaxNo" = true WHERE cardinality("taxNos") = 0;
