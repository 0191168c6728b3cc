-- AlterTable
ALTER TABLE "VendorCall" ADD COLUMN     "account" TEXT;
