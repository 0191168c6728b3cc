// Several piaozone accounts in one gateway, over real HTTP: two sandbox instances with different credentials, each
// an account serving its own tax numbers. Every call and every token stays with the account of its tax number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { clientConfigFor, type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'
import { openTestDatabase } from '../helpers/db.ts'
import { freshInvoices, type Gateway, startGateway, waitForStatus, waitForTask } from '../helpers/gateway.ts'

const NORTH_TAX_NO = SANDBOX_TAX_NOS.guide
const SOUTH_TAX_NO = SANDBOX_TAX_NOS.second
const UNSERVED_TAX_NO = '91440300MA5FUTLW3U'

let north: RunningSandbox
let south: RunningSandbox
let gw: Gateway

beforeAll(async () => {
  north = await startSandbox({ credentials: { appId: 'north-app', appSecret: 'north-secret', accountId: 'north-dc', tenantId: 'north', user: 'north-user' } })
  south = await startSandbox({ credentials: { appId: 'south-app', appSecret: 'south-secret', accountId: 'south-dc', tenantId: 'south', user: 'south-user', businessSystemCode: 'ERP-SOUTH' } })
  gw = await startGateway({
    sandboxRunning: north,
    accounts: [
      { ...clientConfigFor(north), name: 'north', taxNos: [NORTH_TAX_NO] },
      { ...clientConfigFor(south), name: 'south', taxNos: [SOUTH_TAX_NO] },
    ],
  })
})
afterAll(async () => {
  await gw.close()
  await north.close()
  await south.close()
})

const submit = (taxNo: string, sandbox: RunningSandbox, count: number) =>
  gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo, nextEntryMarkStatus: '02', invoices: freshInvoices(sandbox, taxNo, count) } })

describe('several piaozone accounts', () => {
  it('sends each tax number\'s calls to its own account, with that account\'s own tokens', async () => {
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      for (const [taxNo, sandbox] of [[NORTH_TAX_NO, north], [SOUTH_TAX_NO, south]] as const) {
        const res = await submit(taxNo, sandbox, 2)
        expect(res.statusCode, res.body).toBe(202)
        ids.push(res.json().id)
      }
    }
    for (const id of ids) await waitForStatus(gw, id, ['completed'])

    for (const [sandbox, own] of [[north, NORTH_TAX_NO], [south, SOUTH_TAX_NO]] as const) {
      const deduction = sandbox.state.requests.filter((r) => r.path === 'deduction')
      expect(deduction.length).toBeGreaterThan(0)
      // Only its own tax number reached it, each call with a token it issued itself (a foreign one would be refused).
      expect(new Set(deduction.map((r) => (r.data as { taxNo: string }).taxNo))).toEqual(new Set([own]))
      expect(deduction.every((r) => r.hadAccessToken && r.answerCode === '0000')).toBe(true)
      expect(sandbox.state.requests.filter((r) => r.path === 'login' && r.answerCode === '0')).toHaveLength(1)
    }

    // The call log and the metrics name the account.
    const calls = await gw.db.prisma.vendorCall.groupBy({ by: ['account', 'interfaceCode'], _count: { _all: true }, where: { interfaceCode: 'invoiceRecorded' } })
    expect(calls.map((c) => [c.account, c._count._all]).sort()).toEqual([['north', 3], ['south', 3]])
    const metrics = await gw.app.metrics.registry.metrics()
    expect(metrics).toMatch(/piaozone_calls_total\{account="south",interface="invoiceRecorded",result="0000"\} 3/)
    expect(metrics).toMatch(/piaozone_token_refreshes_total\{account="north"\} 1/)
  })

  it('refuses a tax number no account serves, naming it, for a submit and a login check', async () => {
    const res = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: UNSERVED_TAX_NO, nextEntryMarkStatus: '02', invoices: [{ invoiceNo: '25990000000000009999', recordedTime: '20251126', recordedPeriod: '202511' }] } })
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([{ field: 'taxNo', rule: expect.stringContaining(`no piaozone account of this gateway serves tax number ${UNSERVED_TAX_NO}`) }])
    const login = await gw.inject({ method: 'POST', url: '/v1/tax-login', payload: { taxNo: UNSERVED_TAX_NO } })
    expect(login.statusCode).toBe(400)
    expect(login.json().details[0].rule).toContain(UNSERVED_TAX_NO)
    expect(north.state.requests.concat(south.state.requests).some((r) => JSON.stringify(r.data ?? '').includes(UNSERVED_TAX_NO))).toBe(false)
  })

  it('keeps a stored task whose tax number no account serves any more alive, saying why, and fails none of its invoices', async () => {
    // Stored while south served it; then the gateway restarts with north only (an operator's file change).
    const db = await openTestDatabase()
    const storing = await startGateway({ db, sandboxRunning: north, startWorker: false, accounts: [{ ...clientConfigFor(south), name: 'south', taxNos: [SOUTH_TAX_NO] }] })
    const res = await storing.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SOUTH_TAX_NO, nextEntryMarkStatus: '02', invoices: freshInvoices(south, SOUTH_TAX_NO, 1) } })
    expect(res.statusCode, res.body).toBe(202)
    await storing.close()
    const sentBefore = south.state.requests.length
    const northOnly = await startGateway({ db, apiKey: storing.apiKey, sandboxRunning: north, accounts: [{ ...clientConfigFor(north), name: 'north', taxNos: [NORTH_TAX_NO] }] })
    try {
      const task = await waitForTask(northOnly, res.json().id, (t) => t.error !== null, 'an error', 5000)
      expect(task).toMatchObject({ status: 'accepted', counts: { pending: 1, failed: 0 }, error: { code: 'UPSTREAM_UNAVAILABLE' } })
      expect(task.error.message).toContain(`no piaozone account of this gateway serves tax number ${SOUTH_TAX_NO}`)
      expect(south.state.requests.length).toBe(sentBefore)
    } finally {
      await northOnly.close()
      await db.close()
    }
  })
})
