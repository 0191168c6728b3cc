// Bodies in the charset their Content-Type declares: older Chinese ERPs send GBK. The bytes go over app.inject as
// they would over the wire; what was stored is read back through the API.
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freshInvoices, type Gateway, startGateway, waitForStatus } from '../helpers/gateway.ts'

const taxNo = SANDBOX_TAX_NOS.guide
let gw: Gateway
beforeAll(async () => {
  gw = await startGateway()
})
afterAll(() => gw.close())

const post = (payload: Buffer, contentType?: string) =>
  gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload, headers: contentType === undefined ? {} : { 'content-type': contentType } })

/** A submit whose operator's text is `operatorBytes` exactly, in an otherwise ASCII body. */
function withOperatorBytes(operatorBytes: number[]) {
  const invoices = freshInvoices(gw.sandbox, taxNo, 1)
  const [before, after] = JSON.stringify({ taxNo, nextEntryMarkStatus: '02', operator: '@', invoices }).split('@')
  return Buffer.concat([Buffer.from(before), Buffer.from(operatorBytes), Buffer.from(after)])
}

describe('a JSON body in a declared charset', () => {
  it('reads GBK, GB2312 and GB18030 (any case, quoted or not) as the text sent, and keeps it in the task and the audit trail', async () => {
    for (const [charset, contentType, reason] of [
      ['gbk', 'application/json; charset=GBK', '供应商发票，按月入账'],
      ['gb2312', 'application/json;charset="gb2312"', '供应商发票，按月入账'],
      // 𠮷 (U+20BB7) is four bytes in GB18030 and not in GBK at all.
      ['gb18030', 'application/json; charset=GB18030', '𠮷野家的发票，按月入账'],
      ['utf8', 'application/json; charset="UTF-8"', '供应商发票，按月入账'],
    ]) {
      const invoices = freshInvoices(gw.sandbox, taxNo, 1)
      const body = iconv.encode(JSON.stringify({ taxNo, nextEntryMarkStatus: '02', operator: '张三', reason, reference: 'AP-采购-0042', invoices }), charset)
      const res = await post(body, contentType)
      expect(res.statusCode, `${contentType}: ${res.body}`).toBe(202)
      expect(res.json()).toMatchObject({ operator: '张三', reason, reference: 'AP-采购-0042' })

      const task = await waitForStatus(gw, res.json().id, ['completed'])
      expect(task).toMatchObject({ operator: '张三', reason, reference: 'AP-采购-0042' })
      const status = (await gw.inject({ method: 'GET', url: `/v1/invoices/${invoices[0].invoiceNo}/entry-status?taxNo=${taxNo}` })).json()
      expect(status.changes).toEqual([expect.objectContaining({ toStatus: '02', operator: '张三', reason })])
    }
  })

  it('refuses bytes that are not valid in the declared charset with a 400 naming it, stores nothing, and limits raw bytes', async () => {
    const before = await gw.db.prisma.recordingTask.count()
    for (const [bytes, contentType, says] of [
      // GBK 张三 sent without a charset: what an older ERP does, stored as U+FFFD before.
      [[0xd5, 0xc5, 0xc8, 0xfd], 'application/json', 'the body is not valid UTF-8'],
      [[0xc3, 0x28], 'application/json; charset=utf-8', 'the body is not valid UTF-8'],
      [[0xed, 0xa0, 0x80], 'application/json; charset=utf8', 'the body is not valid UTF-8'], // an encoded surrogate
      [[0xd5, 0xc5, 0x81, 0x20], 'application/json; charset=GBK', 'the body is not valid GB18030'], // a lead byte without its trail
      [[0xd5, 0xc5, 0xff], 'application/json; charset=gb18030', 'the body is not valid GB18030'],
    ] as const) {
      const res = await post(withOperatorBytes([...bytes]), contentType)
      expect(res.statusCode, `${contentType} ${bytes}`).toBe(400)
      expect(res.json()).toEqual({ statusCode: 400, code: 'VALIDATION_FAILED', message: says, requestId: expect.any(String), details: [{ field: 'body', rule: expect.stringContaining(says.slice('the body '.length)) }] })
    }
    // The 1 MiB limit counts the bytes as sent, whatever the charset.
    const huge = await post(Buffer.concat([iconv.encode('{"reason":"', 'gbk'), Buffer.alloc(1024 * 1024, 0x20), Buffer.from('"}')]), 'application/json; charset=GBK')
    expect(huge.statusCode).toBe(413)
    expect(huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
    expect(await gw.db.prisma.recordingTask.count()).toBe(before)
  })

  it('answers a charset it does not read with 415 naming it and the ones it reads', async () => {
    const before = await gw.db.prisma.recordingTask.count()
    for (const charset of ['latin1', 'ISO-8859-1', 'utf-16', 'big5']) {
      const res = await post(withOperatorBytes([0x61]), `application/json; charset=${charset}`)
      expect(res.statusCode).toBe(415)
      expect(res.json()).toMatchObject({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `the body's charset ${charset.toLowerCase()} is not supported: send UTF-8 (the default), GB18030, GBK or GB2312`,
        details: [{ field: 'header content-type', rule: expect.stringContaining(`(got ${charset.toLowerCase()})`) }],
      })
    }
    expect(await gw.db.prisma.recordingTask.count()).toBe(before)
  })
})
