// Seeds a gateway database with finished tasks: `tasks` × 100 invoices (1,000,000 for 10,000 tasks) and their latest
// states (GET /v1/invoices), in a few set-based statements, so it takes seconds, not hours. All belong to one client
// and one tax number.
import type pg from 'pg'

export const SEED_TAX_NO = '914403007451947782'

export async function seedInvoices(db: pg.Client, clientId: string, tasks: number): Promise<{ taskId: string; unfinishedTaskId: string; invoiceNo: string }> {
  await db.query(
    `INSERT INTO "RecordingTask" (id, "clientId", "requestHash", "taxNo", "nextEntryMarkStatus", status, "invoiceCount", "createdAt", "updatedAt", "finishedAt")
     SELECT md5('seed-task-' || g)::uuid, $1, 'seed', $2, '02', 'completed', 100, now() - g * interval '1 second', now(), now()
     FROM generate_series(1, $3::int) g`,
    [clientId, SEED_TAX_NO, tasks],
  )
  await db.query(
    `INSERT INTO "VendorBatch" ("taskId", seq, "requestId", state, "vendorTaskNo", "invoiceCount", "updatedAt")
     SELECT md5('seed-task-' || g)::uuid, 0, 'seed' || g, 'done', 'RZSEED' || g, 100, now() FROM generate_series(1, $1::int) g`,
    [tasks],
  )
  await db.query(
    `INSERT INTO "TaskInvoice" ("taskId", idx, "batchSeq", "taxNo", "serialNo", "invoiceNo", "invoiceCode", "recordedTime", "recordedPeriod",
                                outcome, "preEntryMarkStatus", "entryMarkStatus", "invoiceType", "invoiceDate", "etaxInvoiceNo", "updatedAt")
     SELECT md5('seed-task-' || t)::uuid, i, 0, $1, md5('seed-' || t || '-' || i), '26' || lpad((t * 100 + i)::text, 18, '0'), '',
            '20251126', '202511', 'succeeded', '01', '02', '27', '20251120', '26' || lpad((t * 100 + i)::text, 18, '0'), now()
     FROM generate_series(1, $2::int) t, generate_series(0, 99) i`,
    [SEED_TAX_NO, tasks],
  )
  await db.query(
    `INSERT INTO "InvoiceState" ("clientId", "taxNo", "invoiceNo", "invoiceCode", "taskId", "nextEntryMarkStatus", outcome, "entryMarkStatus",
                                 "recordedTime", "recordedPeriod", "recordedMonth", "submittedAt", "updatedAt")
     SELECT $1, i."taxNo", i."invoiceNo", i."invoiceCode", i."taskId", '02', i.outcome, i."entryMarkStatus", i."recordedTime", i."recordedPeriod",
            left(i."recordedPeriod", 6), now(), now()
     FROM "TaskInvoice" i`,
    [clientId],
  )
  await db.query('ANALYZE')
  const middle = Math.ceil(tasks / 2)
  const { rows } = await db.query(`SELECT md5('seed-task-' || $1::text)::uuid::text AS id, md5('seed-task-' || $2::text)::uuid::text AS next`, [middle, middle + 1])
  return { taskId: rows[0].id, unfinishedTaskId: rows[0].next, invoiceNo: `26${String(middle * 100 + 42).padStart(18, '0')}` }
}
