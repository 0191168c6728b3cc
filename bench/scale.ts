// `node --import tsx bench/scale.ts [seed] [plans] [export]`: the queries at millions of rows (issue 23). Seeds a
// database of its own (BENCH_SCALE_DATABASE, default ruzhang_scale) on the bench's Postgres with BENCH_SCALE_TASKS × 100
// invoices (default 30,000 × 100 = 3,000,000), runs each repository query under EXPLAIN ANALYZE on the first and a
// late page and prints its plan's access paths, then streams the full CSV export through a compiled gateway and
// reports rows/s at its start and its end, the peak RSS, a late API page and the month-end summary. The figures go
// into bench/RESULTS.md's notes by hand: this is not part of `npm run bench` (seeding alone takes minutes).
import { execSync } from 'node:child_process'
import pg from 'pg'
import { ClientService } from '../src/clients/service.ts'
import { openDatabase } from '../src/db/open.ts'
import { freePort, peakRssMb, round, spawnNode, waitForHttp } from './lib.ts'
import { SEED_TAX_NO, seedInvoices } from './seed.ts'

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const NAME = process.env.BENCH_SCALE_DATABASE ?? 'ruzhang_scale'
const TASKS = Number(process.env.BENCH_SCALE_TASKS ?? 30_000)
const steps = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ['seed', 'plans', 'export'])
const url = new URL(SERVER)
url.pathname = `/${NAME}`
const databaseUrl = url.toString()
const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`)

async function admin(text: string) {
  const c = new pg.Client({ connectionString: SERVER })
  await c.connect()
  try {
    return await c.query(text)
  } finally {
    await c.end()
  }
}

if (steps.has('seed')) {
  log(`seeding ${NAME} with ${TASKS * 100} invoices`)
  await admin(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`)
  await admin(`CREATE DATABASE ${NAME}`)
  const db = await openDatabase(databaseUrl)
  const { client, key } = await new ClientService(db).addClient('scale', 'any')
  await db.close()
  const c = new pg.Client({ connectionString: databaseUrl })
  await c.connect()
  const t0 = Date.now()
  const seeded = await seedInvoices(c, client.id, TASKS)
  // A webhook event per task and an audit row per invoice, so their queries run on tables of their size.
  await c.query(
    `INSERT INTO "WebhookDelivery" (id, "clientId", type, "taskId", "taxNo", payload, state, attempts, "deliveredAt")
     SELECT 'msg_seed' || g, $1, 'recording_task.finished', md5('seed-task-' || g)::uuid, $2, repeat('x', 600), 'delivered', 1, now() FROM generate_series(1, $3::int) g`,
    [client.id, SEED_TAX_NO, TASKS],
  )
  await c.query(
    `INSERT INTO "EntryStatusChange" ("clientId", "taxNo", "invoiceNo", "invoiceCode", "fromStatus", "toStatus", "taskId")
     SELECT $1, "taxNo", "invoiceNo", "invoiceCode", '01', '02', "taskId" FROM "TaskInvoice"`,
    [client.id],
  )
  await c.query('ANALYZE')
  await c.query('CREATE TABLE IF NOT EXISTS bench_scale (key text, "clientId" text, "taskId" text)')
  await c.query('INSERT INTO bench_scale VALUES ($1, $2, $3)', [key.key, client.id, seeded.taskId])
  await c.end()
  log(`seeded in ${round((Date.now() - t0) / 1000, 1)} s`)
}

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  'Actual Rows'?: number
  Plans?: PlanNode[]
}

/** The plan's scans: "Index Scan InvoiceState_pkey", "Seq Scan RecordingTask", … in plan order. */
function accessPaths(node: PlanNode, out: string[] = []): string[] {
  if (/Scan/.test(node['Node Type']) && (node['Relation Name'] || node['Index Name'])) {
    out.push(`${node['Node Type']} ${node['Index Name'] ?? node['Relation Name']} (${node['Actual Rows']} rows)`)
  }
  for (const child of node.Plans ?? []) accessPaths(child, out)
  return out
}

if (steps.has('plans')) {
  const c = new pg.Client({ connectionString: databaseUrl })
  await c.connect()
  await c.query('ANALYZE')
  const { RECORDING_STATEMENTS: S } = await import('../src/recording/repository.ts')
  const { LEASE_STATEMENTS: L } = await import('../src/recording/lease.ts')
  const { INVOICE_STATEMENTS: I } = await import('../src/invoices/store.ts')
  const [{ clientId, taskId }] = (await c.query('SELECT "clientId", "taskId" FROM bench_scale')).rows
  const total = Number((await c.query('SELECT count(*) FROM "InvoiceState"')).rows[0].count)
  // Cursors half-way and near the end, in key order.
  const keyAt = async (n: number) => (await c.query(`SELECT "taxNo", "invoiceNo", "invoiceCode" FROM "InvoiceState" ORDER BY "clientId", "taxNo", "invoiceNo", "invoiceCode" OFFSET $1 LIMIT 1`, [n])).rows[0]
  const mid = await keyAt(Math.floor(total / 2))
  const late = await keyAt(total - 1000)
  const invoiceNo = mid.invoiceNo
  const search = (taxNo: string | null, extra: { month?: string; outcome?: string; reference?: string }, after?: { taxNo: string; invoiceNo: string; invoiceCode: string }) => [
    clientId, taxNo, null, extra.outcome ?? null, extra.month ?? null, null, null, null, extra.reference ?? null, after?.taxNo ?? null, after?.invoiceNo ?? null, after?.invoiceCode ?? null, 101,
  ]
  const oldKeyset = I.searchInvoices.text.replace(/AND \(\$10::text IS NULL[\s\S]*?\(\$11, \$12\)\)\)/, 'AND ($10::text IS NULL OR (s."taxNo", s."invoiceNo", s."invoiceCode") > ($10, $11, $12))')
  const [{ id: lateTask, createdAt: lateCreated }] = (await c.query(`SELECT id::text AS id, "createdAt" FROM "RecordingTask" WHERE "clientId" = $1 ORDER BY "createdAt" DESC, id DESC OFFSET 29000 LIMIT 1`, [clientId])).rows
  const TASK_LIST = `SELECT t.id, t.status, t."createdAt" FROM "RecordingTask" t WHERE t."clientId" = $1 AND ($2::text IS NULL OR t.reference = $2) AND ($3::timestamptz IS NULL OR (t."createdAt", t.id) < ($3, $4::uuid))
    ORDER BY t."createdAt" DESC, t.id DESC LIMIT 51`
  const DELIVERIES = `SELECT id FROM "WebhookDelivery" WHERE "clientId" = $1 AND ($2::text IS NULL OR state = $2::"WebhookDeliveryState") AND ($3::uuid IS NULL OR "taskId" = $3::uuid)
    ORDER BY "createdAt" DESC, id DESC LIMIT 51`
  const queries: [string, string, unknown[]][] = [
    ['search, taxNo, first page', I.searchInvoices.text, search(SEED_TAX_NO, {})],
    ['search, taxNo, page at row 1.5M (before: 3-column keyset)', oldKeyset, search(SEED_TAX_NO, {}, mid)],
    ['search, taxNo, page at row 1.5M', I.searchInvoices.text, search(SEED_TAX_NO, {}, mid)],
    ['search, taxNo, page at row 3M − 1,000 (before)', oldKeyset, search(SEED_TAX_NO, {}, late)],
    ['search, taxNo, page at row 3M − 1,000', I.searchInvoices.text, search(SEED_TAX_NO, {}, late)],
    ['search, no filter, page at row 3M − 1,000', I.searchInvoices.text, search(null, {}, late)],
    ['search, taxNo + month + outcome, first page', I.searchInvoices.text, search(SEED_TAX_NO, { month: '202511', outcome: 'succeeded' })],
    ['search, taxNo + month + outcome, page at row 3M − 1,000', I.searchInvoices.text, search(SEED_TAX_NO, { month: '202511', outcome: 'succeeded' }, late)],
    ['search, taxNo + reference (none match)', I.searchInvoices.text, search(SEED_TAX_NO, { reference: 'NONE' })],
    ['month-end summary: counts', I.summaryCounts.text, [clientId, SEED_TAX_NO, '202511', null]],
    ['month-end summary: failures', I.summaryFailures.text, [clientId, SEED_TAX_NO, '202511', null]],
    ['task by id (view)', S.taskView.text, [taskId]],
    ['entry status: history', I.invoiceHistory.text, [SEED_TAX_NO, invoiceNo, '', clientId]],
    ['entry status: changes', I.statusChanges.text, [SEED_TAX_NO, invoiceNo, '', clientId]],
    ['known codes (404 hint)', I.knownCodes.text, [clientId, SEED_TAX_NO, invoiceNo]],
    ['submit: known invoices (100 numbers)', S.invoicesInTasks.text, [SEED_TAX_NO, Array.from({ length: 100 }, (_, i) => `26${String(1_500_000 + i).padStart(18, '0')}`)]],
    ['worker: claim due', `EXPLAIN_ONLY_SELECT ${L.claimDue.text}`, ['bench', 8, 20000]],
    ['task list, newest first, first page', TASK_LIST, [clientId, null, null, null]],
    ['task list, newest first, page 29,000 tasks in', TASK_LIST, [clientId, null, lateCreated, lateTask]],
    ['task list by reference', TASK_LIST, [clientId, 'AP-2025-0042', null, null]],
    ['webhook deliveries by taskId', DELIVERIES, [clientId, null, taskId]],
    ['metrics: gateway_tasks (unfinished)', `SELECT status::text AS key, count(*)::int AS n FROM "RecordingTask" WHERE status IN ('accepted', 'submitted', 'waiting_tax_login', 'stalled') GROUP BY status`, []],
    ['metrics: gateway_tasks before (every task)', 'SELECT status::text AS key, count(*)::int AS n FROM "RecordingTask" GROUP BY status', []],
  ]
  console.log('| query | ms | access paths |\n|---|---:|---|')
  for (const [name, text, values] of queries) {
    const statement = text.startsWith('EXPLAIN_ONLY_SELECT ') ? text.slice('EXPLAIN_ONLY_SELECT '.length) : text
    // A write (the claim) is explained inside a transaction that is rolled back.
    await c.query('BEGIN')
    try {
      await c.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement}`, values) // warm
      const { rows } = await c.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement}`, values)
      const plan = rows[0]['QUERY PLAN'][0]
      console.log(`| ${name} | ${round(plan['Execution Time'], 1)} | ${accessPaths(plan.Plan).join('; ')} |`)
    } finally {
      await c.query('ROLLBACK')
    }
  }
  await c.end()
}

if (steps.has('export')) {
  const c = new pg.Client({ connectionString: databaseUrl })
  await c.connect()
  const [{ key }] = (await c.query('SELECT key FROM bench_scale')).rows
  const total = Number((await c.query('SELECT count(*) FROM "InvoiceState"')).rows[0].count)
  const late = (await c.query(`SELECT "taxNo", "invoiceNo", "invoiceCode" FROM "InvoiceState" ORDER BY "clientId", "taxNo", "invoiceNo", "invoiceCode" OFFSET $1 LIMIT 1`, [total - 1000])).rows[0]
  const sizeMb = Math.round(Number((await c.query('SELECT pg_database_size(current_database()) AS b')).rows[0].b) / 2 ** 20)
  await c.end()
  execSync('npm run build --silent', { stdio: 'inherit' })
  const port = await freePort()
  const gw = spawnNode(['--max-semi-space-size=8', 'dist/server.js'], { DATABASE_URL: databaseUrl, PORT: String(port), METRICS_PORT: '0', LOG_LEVEL: 'warn', WORKER_ENABLED: 'false', RATE_LIMIT_MAX: '1000000', RATE_LIMIT_IP_MAX: '1000000' })
  const base = `http://127.0.0.1:${port}`
  await waitForHttp(`${base}/live`, gw)
  const headers = { authorization: `Bearer ${key}` }
  const timed = async (path: string, runs = 20) => {
    const ms: number[] = []
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now()
      const res = await fetch(`${base}${path}`, { headers })
      await res.text()
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
      ms.push(performance.now() - t0)
    }
    ms.sort((a, b) => a - b)
    return round(ms[Math.floor(ms.length / 2)], 1)
  }
  const lateCursor = Buffer.from(JSON.stringify([late.taxNo, late.invoiceNo, late.invoiceCode])).toString('base64url')
  console.log(`database ${NAME}: ${total.toLocaleString('en')} invoices, ${sizeMb} MB`)
  console.log(`GET /v1/invoices?taxNo, first page of 100: p50 ${await timed(`/v1/invoices?taxNo=${SEED_TAX_NO}&limit=100`)} ms`)
  console.log(`GET /v1/invoices?taxNo, page of 100 at row ${(total - 1000).toLocaleString('en')}: p50 ${await timed(`/v1/invoices?taxNo=${SEED_TAX_NO}&limit=100&cursor=${lateCursor}`)} ms`)
  console.log(`GET /v1/reports/entry-summary (the month, ${total.toLocaleString('en')} invoices): p50 ${await timed(`/v1/reports/entry-summary?taxNo=${SEED_TAX_NO}&recordedPeriod=202511`, 5)} ms`)
  // The full export, rows/s over each tenth of it.
  const t0 = performance.now()
  const res = await fetch(`${base}/v1/invoices?taxNo=${SEED_TAX_NO}&format=csv`, { headers })
  let rows = -1
  let mark = t0
  let markRows = 0
  const tenth = Math.ceil(total / 10)
  const rates: number[] = []
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    for (const byte of chunk) if (byte === 10) rows++
    if (rows - markRows >= tenth) {
      const now = performance.now()
      rates.push(Math.round(((rows - markRows) / (now - mark)) * 1000))
      mark = now
      markRows = rows
    }
  }
  const seconds = round((performance.now() - t0) / 1000, 1)
  console.log(`CSV export of ${rows.toLocaleString('en')} rows in ${seconds} s (${Math.round(rows / seconds).toLocaleString('en')} rows/s); rows/s by tenth: ${rates.join(', ')}; first/last tenth ${round(rates[0] / rates[rates.length - 1], 2)}×`)
  console.log(`gateway peak RSS ${peakRssMb(gw.child.pid as number)} MB`)
  await gw.stop()
}
