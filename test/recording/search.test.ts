// GET /v1/invoices: the caller's invoices in their latest known state across tasks, filtered and paged.
import v8 from 'node:v8'
import vm from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sqlPlannedEachTime } from '../../src/db/sql.ts'
import { INVOICE_STATEMENTS } from '../../src/invoices/store.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freshInvoices, type Gateway, startGateway, waitForStatus } from '../helpers/gateway.ts'

const taxNo = SANDBOX_TAX_NOS.guide
type PlanNode = { 'Relation Name'?: string; 'Shared Hit Blocks'?: number; 'Shared Read Blocks'?: number; Plans?: PlanNode[] }
const FINISHED = ['completed', 'partially_failed', 'failed']
let gw: Gateway
const sent: Record<string, string[]> = {}
let unknown: string

beforeAll(async () => {
  gw = await startGateway()
  const submit = async (payload: object) => {
    const res = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo, ...payload } })
    expect(res.statusCode).toBe(202)
    return waitForStatus(gw, res.json().id, FINISHED)
  }
  const november = freshInvoices(gw.sandbox, taxNo, 3)
  await submit({ nextEntryMarkStatus: '02', reference: 'R-1', invoices: november })
  const [december] = freshInvoices(gw.sandbox, taxNo, 1)
  unknown = `2544${String(Date.now()).slice(-12)}0042` // not in the vendor's pool: refused
  const mixed = await submit({ nextEntryMarkStatus: '03', reference: 'R-2', invoices: [december, { ...december, invoiceNo: unknown }].map((i) => ({ ...i, recordedPeriod: '20251205' })) })
  expect(mixed.status).toBe('partially_failed')
  // One November invoice is revoked later: its latest state is the later task's.
  await submit({ nextEntryMarkStatus: '06', reason: '退货', reference: 'R-3', invoices: [november[0]] })
  sent.november = november.map((i) => i.invoiceNo)
  sent.december = [december.invoiceNo, unknown]
})
afterAll(async () => {
  await gw.close()
})

const search = async (query = '', authorization = gw.authorization) => {
  const res = await gw.app.inject({ url: `/v1/invoices${query}`, headers: { authorization } })
  expect(res.statusCode).toBe(200)
  return res.json() as { items: any[]; nextCursor: string | null }
}
const numbers = (page: { items: { invoiceNo: string }[] }) => page.items.map((i) => i.invoiceNo)
const sorted = (list: string[]) => [...list].sort()

describe('GET /v1/invoices', () => {
  it('lists each invoice once, as its latest task left it, in key order', async () => {
    const all = await search(`?taxNo=${taxNo}&createdFrom=2020-01-01T00:00:00Z`)
    const mine = all.items.filter((i) => [...sent.november, ...sent.december].includes(i.invoiceNo))
    expect(mine.map((i) => i.invoiceNo)).toEqual(sorted([...sent.november, ...sent.december]))
    const revoked = mine.find((i) => i.invoiceNo === sent.november[0])
    expect(revoked).toMatchObject({ outcome: 'succeeded', entryMarkStatus: '06', recorded: false, reference: 'R-3', nextEntryMarkStatus: '06', taskStatus: 'completed' })
    expect(mine.find((i) => i.invoiceNo === unknown)).toMatchObject({ outcome: 'failed', entryMarkStatus: null, reference: 'R-2', failReason: expect.any(String) })
  })

  it('filters by outcome, 入账状态, period (month or day), reference and submit time', async () => {
    expect(numbers(await search('?outcome=failed'))).toContain(unknown)
    expect(numbers(await search('?outcome=failed')).some((n) => sent.november.includes(n))).toBe(false)
    const recorded02 = numbers(await search(`?taxNo=${taxNo}&entryMarkStatus=02`))
    expect(sent.november.filter((n) => recorded02.includes(n))).toEqual(sorted(sent.november.slice(1)))
    expect(numbers(await search('?reference=R-2'))).toEqual(sorted(sent.december))
    const december = numbers(await search('?recordedPeriod=202512'))
    expect(sent.december.every((n) => december.includes(n))).toBe(true)
    expect(numbers(await search('?recordedPeriod=20251205&reference=R-2'))).toEqual(sorted(sent.december))
    expect(numbers(await search('?recordedPeriod=20251204&reference=R-2'))).toEqual([])
    expect(numbers(await search('?reference=R-1&recordedPeriod=202511'))).toEqual(sorted(sent.november.slice(1)))
    expect((await search('?createdFrom=2099-01-01T00:00:00Z')).items).toEqual([])
  })

  it('pages with a cursor through every row exactly once', async () => {
    const whole = numbers(await search('?limit=1000'))
    const paged: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page = await search(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      paged.push(...numbers(page))
      cursor = page.nextCursor
      pages++
    } while (cursor && pages < 100)
    expect(paged).toEqual(whole)
    expect(pages).toBe(Math.ceil(whole.length / 2))
  })

  it('pages by tax number through every row once, in key order, JSON and CSV alike (the keyset on invoiceNo, invoiceCode)', { timeout: 60_000 }, async () => {
    const client = (await gw.app.clients.addClient(`pager-${Date.now()}`, 'any')).key.key
    const clientId = (await gw.db.prisma.client.findFirstOrThrow({ orderBy: { createdAt: 'desc' } })).id
    const task = await gw.db.prisma.recordingTask.create({ data: { clientId, requestHash: 'seed', taxNo, nextEntryMarkStatus: '02', invoiceCount: 0, status: 'completed' } })
    // Three tax numbers around the one searched; under it, 8-digit numbers each under two codes, and 数电 numbers
    // (no code), every other one failed: pages must break inside a number's codes and across the kinds.
    const [before, after] = ['914403007451947700', '914403007451947799']
    await gw.db.prisma.$executeRawUnsafe(
      `INSERT INTO "InvoiceState" ("clientId", "taxNo", "invoiceNo", "invoiceCode", "taskId", "nextEntryMarkStatus", outcome, "recordedTime", "recordedPeriod",
                                   "recordedMonth", "submittedAt", "updatedAt")
       SELECT $1, t, n, c, $2::uuid, '02', (CASE WHEN g % 2 = 0 THEN 'failed' ELSE 'succeeded' END)::"InvoiceOutcome", '20251126', '202511', '202511', now(), now()
       FROM unnest(ARRAY[$3, $4, $5]) AS t, generate_series(1, 700) g,
            LATERAL (VALUES (lpad(g::text, 8, '0'), '044031900111'), (lpad(g::text, 8, '0'), '3200191130'), ('25' || lpad(g::text, 18, '0'), '')) AS v(n, c)`,
      clientId, task.id, before, taxNo, after,
    )
    const authorization = `Bearer ${client}`
    const key = (i: { taxNo: string; invoiceNo: string; invoiceCode: string }) => `${i.taxNo}/${i.invoiceNo}/${i.invoiceCode}`
    const inOrder = async (outcome: string | null) =>
      (await gw.db.prisma.$queryRawUnsafe<{ k: string }[]>(
        `SELECT "taxNo" || '/' || "invoiceNo" || '/' || "invoiceCode" AS k FROM "InvoiceState" WHERE "clientId" = $1 AND "taxNo" = $2
           AND ($3::text IS NULL OR outcome::text = $3) ORDER BY "taxNo", "invoiceNo", "invoiceCode"`,
        clientId, taxNo, outcome,
      )).map((r) => r.k)
    const expected = await inOrder(null)
    expect(expected).toHaveLength(2100)
    const pageThrough = async (query: string, limit: number) => {
      const keys: string[] = []
      let cursor: string | null = null
      do {
        const page = await search(`?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, authorization)
        keys.push(...page.items.map(key))
        cursor = page.nextCursor
      } while (cursor)
      return keys
    }
    expect(await pageThrough(`taxNo=${taxNo}`, 7)).toEqual(expected)
    expect(await pageThrough(`taxNo=${taxNo}&outcome=failed`, 100)).toEqual(await inOrder('failed'))
    expect(await pageThrough(`taxNo=${taxNo}&recordedPeriod=202511`, 500)).toEqual(expected)
    // Without the tax number the keyset is the three columns: every tax number in turn.
    const all = await pageThrough('recordedPeriod=202511', 400)
    expect(all).toHaveLength(6300)
    expect(all.slice(2100, 4200)).toEqual(expected)
    // The CSV export reads 1,000 rows a page: the same rows in the same order.
    const csv = await gw.app.inject({ url: `/v1/invoices?taxNo=${taxNo}&format=csv`, headers: { authorization } })
    const lines = csv.body.slice(1).split('\r\n').slice(1, -1)
    expect(lines.map((l) => l.split(',').slice(0, 3).map((v) => v.replace(/^="(.*)"$/, '$1')).join('/'))).toEqual(expected)
    // A cursor of another tax number (not one this endpoint hands out) means what it did: before it, every row; after it, none.
    const cursorAt = (t: string) => Buffer.from(JSON.stringify([t, '99999999', ''])).toString('base64url')
    expect((await search(`?taxNo=${taxNo}&limit=1000&cursor=${cursorAt(before)}`, authorization)).items.map(key)).toEqual(expected.slice(0, 1000))
    expect((await search(`?taxNo=${taxNo}&cursor=${cursorAt(after)}`, authorization)).items).toEqual([])

    // What a late page reads (not its time): as many index and table pages as the first. With the three-column
    // comparison beside "taxNo" = $2, Postgres started the index scan at the tax number's first row and stepped
    // through every entry up to the cursor: a page 3,000,000 rows in read the whole index up to there (bench/RESULTS.md).
    const pagesRead = async (after: string | undefined) => {
      const [, no, code] = after?.split('/') ?? []
      const values = [clientId, taxNo, null, null, null, null, null, null, null, after ? taxNo : null, no ?? null, code ?? null, 101]
      const [row] = await gw.db.sql.query(sqlPlannedEachTime<{ 'QUERY PLAN': unknown }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${INVOICE_STATEMENTS.searchInvoices.text}`), values)
      const json = row['QUERY PLAN']
      const plan = (typeof json === 'string' ? JSON.parse(json) : json) as [{ Plan: PlanNode }]
      const scans: PlanNode[] = []
      const walk = (n: PlanNode) => {
        if (n['Relation Name'] === 'InvoiceState') scans.push(n)
        for (const c of n.Plans ?? []) walk(c)
      }
      walk(plan[0].Plan)
      expect(scans).toHaveLength(1)
      return (scans[0]['Shared Hit Blocks'] ?? 0) + (scans[0]['Shared Read Blocks'] ?? 0)
    }
    const first = await pagesRead(undefined)
    const late = await pagesRead(expected[2000])
    expect(late, `pages read: first page ${first}, page at row 2,000 ${late}`).toBeLessThanOrEqual(first + 5)
  })

  it('shows another client none of them, and names the field of a bad query', async () => {
    const other = (await gw.app.clients.addClient(`searcher-${Date.now()}`, 'any')).key.key
    expect((await search('', `Bearer ${other}`)).items).toEqual([])
    const bad = await gw.inject({ url: '/v1/invoices?recordedPeriod=2025-11&cursor=nope!' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details).toEqual([
      { field: 'query recordedPeriod', rule: 'must be yyyyMM (the whole month) or yyyyMMdd' },
      { field: 'query cursor', rule: 'must be a nextCursor returned by this endpoint' },
    ])
    const forged = await gw.inject({ url: `/v1/invoices?cursor=${Buffer.from('{"not":"a key"}').toString('base64url')}` })
    expect(forged.json().details).toEqual([{ field: 'cursor', rule: 'must be a nextCursor returned by this endpoint' }])
  })
})

describe('GET /v1/invoices as CSV', () => {
  it('is one file for Excel: BOM, header, every matching row, digit strings kept as text, quotes doubled', async () => {
    const res = await gw.inject({ url: '/v1/invoices?reference=R-2&format=csv' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toBe(`attachment; filename="invoices-all-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}.csv"`)
    expect(res.body.startsWith('\uFEFFtaxNo,invoiceNo,invoiceCode,outcome,entryMarkStatus,entryMarkLabel,recorded,failReason,')).toBe(true)
    const lines = res.body.slice(1).split('\r\n')
    expect(lines.at(-1)).toBe('')
    expect(lines).toHaveLength(1 + sent.december.length + 1)
    const failed = lines.find((l) => l.includes(unknown)) as string
    expect(failed.startsWith(`="${taxNo}",="${unknown}",,failed,,,false,`)).toBe(true)
    // Accept: text/csv asks for the same file; JSON stays the default.
    const byHeader = await gw.inject({ url: `/v1/invoices?reference=R-2&taxNo=${taxNo}&recordedPeriod=202512`, headers: { accept: 'text/csv' } })
    expect(byHeader.headers['content-disposition']).toBe(`attachment; filename="invoices-${taxNo}-202512.csv"`)
    expect(byHeader.body.slice(1).split('\r\n')).toHaveLength(lines.length)
  })

  it('streams 100,000 rows in flat memory', { timeout: 120_000 }, async () => {
    const client = (await gw.app.clients.addClient(`exporter-${Date.now()}`, 'any')).key.key
    const clientId = (await gw.db.prisma.client.findFirstOrThrow({ orderBy: { createdAt: 'desc' } })).id
    const task = await gw.db.prisma.recordingTask.create({ data: { clientId, requestHash: 'seed', taxNo, nextEntryMarkStatus: '02', invoiceCount: 0, status: 'completed' } })
    await gw.db.prisma.$executeRaw`
      INSERT INTO "InvoiceState" ("clientId", "taxNo", "invoiceNo", "invoiceCode", "taskId", reference, "nextEntryMarkStatus", outcome, "entryMarkStatus", "failReason",
                                  "recordedTime", "recordedPeriod", "recordedMonth", "submittedAt", "updatedAt")
      SELECT ${clientId}, ${taxNo}, '26' || lpad(g::text, 18, '0'), '', ${task.id}::uuid, 'EXPORT', '02', 'failed', '01', '发票状态异常，不能入账 "' || g || '"',
             '20251126', '202511', '202511', now(), now()
      FROM generate_series(1, 100000) g`
    const address = await gw.app.listen({ host: '127.0.0.1', port: 0 })
    // The live heap (after a full collection), sampled while the file streams: the server and this reader share it.
    v8.setFlagsFromString('--expose-gc')
    const gc = vm.runInNewContext('gc') as () => void
    const live = () => {
      gc()
      return process.memoryUsage().heapUsed
    }
    const baseline = live()
    const res = await fetch(`${address}/v1/invoices?format=csv`, { headers: { authorization: `Bearer ${client}` } })
    let peak = baseline
    let bytes = 0
    let rows = -1 // the header
    let chunks = 0
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength
      for (const byte of chunk) if (byte === 10) rows++
      if (++chunks % 100 === 0) peak = Math.max(peak, live())
    }
    const growthMb = Math.round(((peak - baseline) / 2 ** 20) * 10) / 10
    console.log(`CSV export: ${rows} rows, ${Math.round(bytes / 2 ** 20)} MB in ${chunks} chunks; live heap grew by at most ${growthMb} MB while streaming`)
    expect(rows).toBe(100_000)
    // Held whole, the file alone would take more than its size in heap (it is built as strings first).
    expect(peak - baseline).toBeLessThan(bytes / 4)
  })
})

describe('GET /v1/reports/entry-summary', () => {
  it('adds up to what the latest states hold, after every kind of write to them (kept incrementally by a trigger)', async () => {
    // Every write of this file so far: submits, outcomes, failures, a later task taking an invoice over, direct inserts.
    const direct = await gw.db.prisma.$queryRawUnsafe<{ k: string; n: number }[]>(`
      SELECT concat_ws('/', "clientId", "taxNo", "recordedMonth", "recordedPeriod", "nextEntryMarkStatus", outcome, CASE WHEN outcome = 'failed' THEN coalesce("failReason", '') ELSE '' END) AS k,
             count(*)::int AS n
      FROM "InvoiceState" GROUP BY 1 ORDER BY 1`)
    const kept = await gw.db.prisma.$queryRawUnsafe<{ k: string; n: number }[]>(`
      SELECT concat_ws('/', "clientId", "taxNo", "recordedMonth", "recordedPeriod", "nextEntryMarkStatus", outcome, "failReason") AS k, sum(n)::int AS n
      FROM "InvoiceCount" GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1`)
    expect(kept).toEqual(direct)
    // Cancels, which move latest states back or delete them: test/recording/lifecycle.test.ts (the summary after two).
  })

  it('counts a period\'s invoices by target and outcome and groups the failures by the vendor\'s reason, as JSON or CSV', async () => {
    const summary = (await gw.inject({ url: `/v1/reports/entry-summary?taxNo=${taxNo}&recordedPeriod=202512` })).json()
    // This test file's December invoices: one recorded as 03, one refused; other files' tasks may add to them.
    expect(summary).toMatchObject({ taxNo, recordedPeriod: '202512' })
    const target03 = summary.byTarget.find((t: any) => t.nextEntryMarkStatus === '03')
    expect(target03.succeeded).toBeGreaterThanOrEqual(1)
    expect(target03.failed).toBeGreaterThanOrEqual(1)
    expect(summary.total).toBe(summary.byTarget.reduce((n: number, t: any) => n + t.pending + t.succeeded + t.failed, 0))
    const refused = (await search(`?taxNo=${taxNo}&recordedPeriod=202512&outcome=failed&limit=1000`)).items
    const reasons = new Map<string, number>()
    for (const i of refused) reasons.set(i.failReason, (reasons.get(i.failReason) ?? 0) + 1)
    expect(summary.failures).toEqual([...reasons].map(([failReason, count]) => ({ failReason, count })).sort((a, b) => b.count - a.count || (a.failReason < b.failReason ? -1 : 1)))

    const csv = await gw.inject({ url: `/v1/reports/entry-summary?taxNo=${taxNo}&recordedPeriod=202512&format=csv` })
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="entry-summary-${taxNo}-202512.csv"`)
    const lines = csv.body.slice(1).split('\r\n')
    expect(lines[0]).toBe('kind,nextEntryMarkStatus,outcome,failReason,count')
    expect(lines).toContain(`outcome,="03",succeeded,,${target03.succeeded}`)
    expect(lines.filter((l) => l.startsWith('failure,'))).toHaveLength(summary.failures.length)

    const missing = await gw.inject({ url: `/v1/reports/entry-summary?taxNo=${taxNo}` })
    expect(missing.json().details).toEqual([{ field: 'query recordedPeriod', rule: 'is required' }])
  })
})
