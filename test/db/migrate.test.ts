// The migrations on a database that already holds data: requestIds that batches used to share are made unique
// before the unique index is built, and from then on the database refuses a shared one; the invoices' latest
// states are filled in from the tasks already stored.
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS_DIR, migrate, migrationNames } from '../../src/db/migrate.ts'

const UNIQUE_REQUEST_IDS = migrationNames().find((n) => n.endsWith('_vendor_fidelity')) as string
const INVOICE_STATE = migrationNames().find((n) => n.endsWith('_invoice_state')) as string

/** A PGlite database migrated up to (not including) `upTo`, and a runner for the rest. */
async function migratedBefore(upTo: string) {
  const db = await PGlite.create()
  const runner = { query: (t: string, p?: unknown[]) => db.query(t, p), exec: (s: string) => db.exec(s) }
  const before = mkdtempSync(path.join(tmpdir(), 'migrations-'))
  for (const name of migrationNames().filter((n) => n < upTo)) cpSync(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true })
  await migrate(runner, before)
  rmSync(before, { recursive: true, force: true })
  return { db, runner }
}

describe('the vendor_fidelity migration', () => {
  it('gives batches that shared a requestId fresh ones, keeping the first, then enforces uniqueness', async () => {
    const { db, runner } = await migratedBefore(UNIQUE_REQUEST_IDS)
    try {
      await db.exec(`
        INSERT INTO "RecordingTask" (id, "requestHash", "taxNo", "nextEntryMarkStatus", "invoiceCount", "updatedAt")
        VALUES ('00000000-0000-4000-8000-000000000001', 'h', 't', '02', 3, now()), ('00000000-0000-4000-8000-000000000002', 'h', 't', '02', 1, now());
        INSERT INTO "VendorBatch" ("taskId", seq, "requestId", "invoiceCount", "updatedAt") VALUES
          ('00000000-0000-4000-8000-000000000001', 0, '1764000000000123', 1, now() - interval '1 minute'),
          ('00000000-0000-4000-8000-000000000001', 1, '1764000000000123', 1, now()),
          ('00000000-0000-4000-8000-000000000001', 2, '1764000000000124', 1, now()),
          ('00000000-0000-4000-8000-000000000002', 0, '1764000000000123', 1, now());`)
      expect(await migrate(runner)).toContain(UNIQUE_REQUEST_IDS)
      const { rows } = await db.query<{ seq: number; taskId: string; requestId: string }>('SELECT "taskId", seq, "requestId" FROM "VendorBatch" ORDER BY "taskId", seq')
      expect(new Set(rows.map((r) => r.requestId)).size).toBe(4)
      expect(rows.every((r) => /^\d{16}$/.test(r.requestId))).toBe(true)
      // The earliest batch keeps its id (a resend of it still reaches the vendor as the same request).
      expect(rows[0].requestId).toBe('1764000000000123')
      expect(rows[2].requestId).toBe('1764000000000124')
      await expect(db.exec(`INSERT INTO "VendorBatch" ("taskId", seq, "requestId", "invoiceCount", "updatedAt") VALUES ('00000000-0000-4000-8000-000000000002', 1, '1764000000000124', 1, now())`)).rejects.toThrow(/VendorBatch_requestId_key/)
    } finally {
      await db.close()
    }
  })
})

describe('the invoice_state migration', () => {
  it('fills each client\'s latest state of each invoice from the tasks stored before it', async () => {
    const { db, runner } = await migratedBefore(INVOICE_STATE)
    try {
      // Client a sent invoice 1 twice (02 succeeded, then 06 pending) and invoice 2 once (failed); client b sent invoice 1 once.
      await db.exec(`
        INSERT INTO "RecordingTask" (id, "clientId", "requestHash", reference, "taxNo", "nextEntryMarkStatus", status, "invoiceCount", "createdAt", "updatedAt") VALUES
          ('00000000-0000-4000-8000-000000000001', 'a', 'h', 'R-1', 't', '02', 'completed', 2, now() - interval '2 days', now()),
          ('00000000-0000-4000-8000-000000000002', 'a', 'h', 'R-2', 't', '06', 'submitted', 1, now() - interval '1 day', now()),
          ('00000000-0000-4000-8000-000000000003', 'b', 'h', NULL, 't', '03', 'completed', 1, now(), now());
        INSERT INTO "TaskInvoice" ("taskId", idx, "batchSeq", "taxNo", "invoiceNo", "recordedTime", "recordedPeriod", outcome, "preEntryMarkStatus", "entryMarkStatus", "failReason", "updatedAt") VALUES
          ('00000000-0000-4000-8000-000000000001', 0, 0, 't', '1', '20251126', '20251126', 'succeeded', '01', '02', NULL, now() - interval '2 days'),
          ('00000000-0000-4000-8000-000000000001', 1, 0, 't', '2', '20251126', '20251126', 'failed', '01', '01', '不能变更', now() - interval '2 days'),
          ('00000000-0000-4000-8000-000000000002', 0, 0, 't', '1', '20251201', '202512', 'pending', NULL, NULL, NULL, now() - interval '1 day'),
          ('00000000-0000-4000-8000-000000000003', 0, 0, 't', '1', '20251126', '202511', 'succeeded', '02', '03', NULL, now());`)
      expect(await migrate(runner)).toContain(INVOICE_STATE)
      const { rows } = await db.query('SELECT "clientId", "invoiceNo", "taskId"::text AS "taskId", reference, outcome::text AS outcome, "entryMarkStatus", "failReason", "recordedMonth" FROM "InvoiceState" ORDER BY "clientId", "invoiceNo"')
      expect(rows).toEqual([
        { clientId: 'a', invoiceNo: '1', taskId: '00000000-0000-4000-8000-000000000002', reference: 'R-2', outcome: 'pending', entryMarkStatus: '02', failReason: null, recordedMonth: '202512' },
        { clientId: 'a', invoiceNo: '2', taskId: '00000000-0000-4000-8000-000000000001', reference: 'R-1', outcome: 'failed', entryMarkStatus: '01', failReason: '不能变更', recordedMonth: '202511' },
        { clientId: 'b', invoiceNo: '1', taskId: '00000000-0000-4000-8000-000000000003', reference: null, outcome: 'succeeded', entryMarkStatus: '03', failReason: null, recordedMonth: '202511' },
      ])
    } finally {
      await db.close()
    }
  })
})

describe('the any_tax_no migration', () => {
  it('records "any tax number" explicitly for the clients made without a list, and nothing for the others', async () => {
    const { db, runner } = await migratedBefore(migrationNames().find((n) => n.endsWith('_any_tax_no')) as string)
    try {
      await db.exec(`INSERT INTO "Client" (id, name, "taxNos") VALUES
        ('00000000-0000-4000-8000-0000000000a1', 'old-any', '{}'), ('00000000-0000-4000-8000-0000000000a2', 'old-limited', '{914403007451947782}')`)
      await migrate(runner)
      const { rows } = await db.query<{ name: string; anyTaxNo: boolean }>('SELECT name, "anyTaxNo" FROM "Client" ORDER BY name')
      expect(rows).toEqual([{ name: 'old-any', anyTaxNo: true }, { name: 'old-limited', anyTaxNo: false }])
    } finally {
      await db.close()
    }
  })
})
