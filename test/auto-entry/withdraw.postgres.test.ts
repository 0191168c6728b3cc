// A withdrawal racing a run's claim on Postgres, where two sessions really run at once: the withdrawal waits for the
// claim's row lock and must then see the claim (409), never answer "withdrawn" for a candidate the run will send.
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { chinaToday } from '../../src/recording/validate.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freshInvoices, type Gateway, startGateway } from '../helpers/gateway.ts'

let gw: Gateway
beforeAll(async () => {
  gw = await startGateway({ startWorker: false })
})
afterAll(() => gw.close())

it('a withdrawal that waits for a run\'s claim is refused once the claim commits', async () => {
  const taxNo = SANDBOX_TAX_NOS.guide
  const [invoice] = freshInvoices(gw.sandbox, taxNo, 1)
  await gw.inject({ method: 'PUT', url: '/v1/auto-entry/candidates', payload: { taxNo, invoices: [{ invoiceNo: invoice.invoiceNo, invoiceType: '82', issueDate: `${chinaToday().slice(0, 6)}01`, source: 'race' }] } })
  const { clientId } = (await gw.db.prisma.autoEntryCandidate.findFirstOrThrow({ where: { invoiceNo: invoice.invoiceNo } }))
  const runId = '00000000-0000-4000-8000-00000000abcd'
  await gw.db.prisma.autoEntryRun.create({ data: { id: runId, clientId, ruleName: 'race', trigger: 'manual', state: 'running' } })
  // The run's claim, held open in a session of its own.
  const session = new pg.Client({ connectionString: gw.db.url })
  await session.connect()
  try {
    await session.query('BEGIN')
    await session.query(`UPDATE "AutoEntryCandidate" SET "runId" = $1 WHERE "invoiceNo" = $2 AND "withdrawnAt" IS NULL`, [runId, invoice.invoiceNo])
    const withdrawal = gw.inject({ method: 'DELETE', url: `/v1/auto-entry/candidates/${invoice.invoiceNo}?taxNo=${taxNo}` })
    await new Promise((r) => setTimeout(r, 300)) // the withdrawal is waiting for the row lock by now
    await session.query('COMMIT')
    const res = await withdrawal
    expect(res.statusCode, res.body).toBe(409)
    expect(res.json()).toMatchObject({ code: 'CANDIDATE_IN_USE' })
    expect(await gw.db.prisma.autoEntryCandidate.findFirstOrThrow({ where: { invoiceNo: invoice.invoiceNo } })).toMatchObject({ runId, withdrawnAt: null })
  } finally {
    await session.end()
  }
})
