// The CSV files as Excel and WPS read them: every code-like column is text (="…"), so 04512345 keeps its zero and
// 02 stays 02; free text keeps its protection against formulas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { type Gateway, startGateway, waitForStatus } from '../helpers/gateway.ts'
import { SETTLED } from '../../src/recording/statuses.ts'

const taxNo = SANDBOX_TAX_NOS.guide
let gw: Gateway
let task: any
beforeAll(async () => {
  gw = await startGateway()
  // The sandbox's legacy invoice: an 8-digit number with a leading zero under a 10-digit code, 01 at piaozone.
  const invoices = [{ invoiceNo: '04512345', invoiceCode: '4403191130', recordedTime: '20251126', recordedPeriod: '202511' }]
  const res = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo, nextEntryMarkStatus: '02', reference: '=1+2', invoices } })
  expect(res.statusCode).toBe(202)
  task = await waitForStatus(gw, res.json().id, SETTLED)
  expect(task.status).toBe('completed')
})
afterAll(() => gw.close())

/** The file's bytes as text: UTF-8 with a BOM, CRLF lines. */
async function csvLines(url: string) {
  const res = await gw.inject({ url })
  expect(res.statusCode).toBe(200)
  expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
  return res.rawPayload.subarray(3).toString('utf8').split('\r\n')
}

describe('CSV files for Excel', () => {
  it('writes every code of an invoice as text: numbers, codes, tax numbers, 入账状态, dates and periods', async () => {
    const [header, ...rows] = await csvLines(`/v1/invoices?taxNo=${taxNo}&format=csv`)
    const row = rows.find((r) => r.includes('04512345'))
    expect(row).toBeDefined()
    const cells = Object.fromEntries(header.split(',').map((column, i) => [column, (row as string).split(',')[i]]))
    expect(cells).toEqual({
      taxNo: `="${taxNo}"`,
      invoiceNo: '="04512345"',
      invoiceCode: '="4403191130"',
      outcome: 'succeeded',
      entryMarkStatus: '="02"',
      entryMarkLabel: '已入账（企业所得税税前扣除）',
      recorded: 'true',
      failReason: '',
      recordedTime: '="20251126"',
      recordedPeriod: '="202511"',
      taskId: task.id,
      taskStatus: 'completed',
      reference: "'=1+2", // free text that Excel would run as a formula stays defused
      nextEntryMarkStatus: '="02"',
      submittedAt: task.createdAt,
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
  })

  it('writes the target 入账状态 of the month-end summary as text', async () => {
    const lines = await csvLines(`/v1/reports/entry-summary?taxNo=${taxNo}&recordedPeriod=202511&format=csv`)
    expect(lines).toEqual(['kind,nextEntryMarkStatus,outcome,failReason,count', 'outcome,="02",pending,,0', 'outcome,="02",succeeded,,1', 'outcome,="02",failed,,0', ''])
  })
})
