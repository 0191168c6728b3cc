-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "sandboxOnly" BOOLEAN NOT NULL DEFAULT false;

-- Before this migration the only client the gateway made itself was the sandbox's `demo` client.
UPDATE "Client" SET "sandboxOnly" = true WHERE name = 'demo';
