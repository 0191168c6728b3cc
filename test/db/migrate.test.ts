// The migrations on a database that already holds data: requestIds that batches used to share are made unique
// before the unique index is built, and from then on the database refuses a shared one.
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS_DIR, migrate, migrationNames } from '../../src/db/migrate.ts'

const UNIQUE_REQUEST_IDS = migrationNames().find((n) => n.endsWith('_vendor_fidelity')) as string

describe('the vendor_fidelity migration', () => {
  it('gives batches that shared a requestId fresh ones, keeping the first, then enforces uniqueness', async () => {
    const db = await PGlite.create()
    const runner = { query: (t: string, p?: unknown[]) => db.query(t, p), exec: (s: string) => db.exec(s) }
    const before = mkdtempSync(path.join(tmpdir(), 'migrations-'))
    try {
      for (const name of migrationNames().filter((n) => n < UNIQUE_REQUEST_IDS)) cpSync(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true })
      await migrate(runner, before)
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
      rmSync(before, { recursive: true, force: true })
      await db.close()
    }
  })
})
