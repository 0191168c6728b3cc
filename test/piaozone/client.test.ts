// The piaozone client against the sandbox over real loopback HTTP.
import https from 'node:https'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { PiaozoneClient, RequestIds } from '../../src/piaozone/client.ts'
import { AuthError, BusinessError, ProtocolError, TransportError } from '../../src/piaozone/errors.ts'
import type { CallRecord } from '../../src/piaozone/types.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import type { RunningSandbox } from '../../src/sandbox/start.ts'
import { clientConfigFor, GUIDE_INVOICE, sandboxWithClient } from '../helpers/vendor.ts'

let running: RunningSandbox | undefined
afterEach(async () => {
  await running?.close()
  running = undefined
})

async function setup(...args: Parameters<typeof sandboxWithClient>) {
  const made = await sandboxWithClient(...args)
  running = made.sandbox
  return made
}

describe.each(['base64', 'aes'] as const)('the guide flow with the %s codec', (dataCodec) => {
  it('gets tokens, logs in to the tax bureau, records the guide invoice and reads the result', async () => {
    const { sandbox, client } = await setup({ dataCodec })
    const login = await client.taxLogin(SANDBOX_TAX_NOS.guide)
    expect(login).toMatchObject({ needAuth: false, loginType: '1', companyName: '深圳市示例科技有限公司' })

    const { taskNo } = await client.invoiceRecorded({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: [GUIDE_INVOICE] })
    const result = await client.invoiceRecordedQuery({ taxNo: SANDBOX_TAX_NOS.guide, taskNo, pageNo: 1, pageSize: 200 })
    expect(result.fail).toEqual([])
    expect(result.success).toEqual([
      expect.objectContaining({ serialNo: GUIDE_INVOICE.serialNo, invoiceNo: GUIDE_INVOICE.invoiceNo, preEntryMarkStatus: '01', entryMarkStatus: '02', invoiceType: '27' }),
    ])

    // The wire: one token pair, the envelope fields, data decoded by the sandbox, the serial under both names.
    expect(sandbox.state.requests.map((r) => r.path)).toEqual(['getAppToken', 'login', 'deduction', 'deduction', 'deduction'])
    const recorded = sandbox.state.requests.find((r) => r.interfaceCode === 'invoiceRecorded')
    expect(recorded).toMatchObject({ hadAccessToken: true, businessSystemCode: 'ERP-SANDBOX' })
    expect(recorded?.requestId).toMatch(/^\d{16}$/)
    expect(recorded?.data).toEqual({
      taxNo: SANDBOX_TAX_NOS.guide,
      nextEntryMarkStatus: '02',
      invoices: [{ ...GUIDE_INVOICE, serilNo: GUIDE_INVOICE.serialNo }],
    })
  })
})

describe('tokens', () => {
  it('reuses the access token across calls', async () => {
    const { sandbox, client } = await setup()
    await client.taxLogin(SANDBOX_TAX_NOS.guide)
    await client.taxLogin(SANDBOX_TAX_NOS.second)
    expect(sandbox.state.requests.filter((r) => r.path === 'login')).toHaveLength(1)
  })

  it('lets many concurrent callers share one refresh', async () => {
    const { sandbox, client } = await setup()
    sandbox.state.faults.push({ on: 'login', fault: { kind: 'latency', ms: 100 } })
    await Promise.all(Array.from({ length: 10 }, () => client.taxLogin(SANDBOX_TAX_NOS.guide)))
    expect(sandbox.state.requests.filter((r) => r.path === 'getAppToken')).toHaveLength(1)
    expect(sandbox.state.requests.filter((r) => r.path === 'login')).toHaveLength(1)
    expect(sandbox.state.count('taxLogin')).toBe(10)
  })

  it('refreshes shortly before expire_time', async () => {
    let clock = Date.now()
    const now = () => clock
    const made = await sandboxWithClient({ now, tokenTtlMs: 7200_000 }, { tokenRefreshMarginMs: 300_000 }, { now })
    running = made.sandbox
    await made.client.taxLogin(SANDBOX_TAX_NOS.guide)
    clock += 7200_000 - 400_000 // still outside the margin
    await made.client.taxLogin(SANDBOX_TAX_NOS.guide)
    expect(made.sandbox.state.requests.filter((r) => r.path === 'login')).toHaveLength(1)
    clock += 200_000 // inside the margin: refresh before the vendor would refuse it
    await made.client.taxLogin(SANDBOX_TAX_NOS.guide)
    expect(made.sandbox.state.requests.filter((r) => r.path === 'login')).toHaveLength(2)
    expect(made.sandbox.state.requests.filter((r) => r.answerCode === '1001')).toHaveLength(0)
  })

  it('refreshes once and repeats the call, with the same requestId, when the token is invalidated early', async () => {
    const { sandbox, client } = await setup()
    await client.taxLogin(SANDBOX_TAX_NOS.guide)
    sandbox.state.faults.push({ on: 'taxLogin', times: 1, fault: { kind: 'invalidate_token' } })
    await expect(client.taxLogin(SANDBOX_TAX_NOS.guide, { requestId: '1764000000000123' })).resolves.toMatchObject({ needAuth: false })
    const calls = sandbox.state.requests.filter((r) => r.interfaceCode === 'taxLogin')
    expect(calls.map((r) => [r.requestId, r.answerCode])).toEqual([
      [expect.any(String), '0000'],
      ['1764000000000123', '1001'],
      ['1764000000000123', '0000'],
    ])
    expect(sandbox.state.requests.filter((r) => r.path === 'login')).toHaveLength(2)
  })

  it('gives up with an auth error when the fresh token is refused too', async () => {
    const { sandbox, client } = await setup()
    sandbox.state.faults.push({ on: 'taxLogin', times: 2, fault: { kind: 'invalidate_token' } })
    const err = await client.taxLogin(SANDBOX_TAX_NOS.guide).catch((e) => e)
    expect(err).toBeInstanceOf(AuthError)
    expect(err).toMatchObject({ stage: 'access_token', vendorCode: '1001', vendorMessage: 'access_token无效或已过期，请重新获取' })
  })

  it('reports wrong credentials with the vendor message', async () => {
    const { client } = await setup({}, { appSecret: 'wrong' })
    const err = await client.taxLogin(SANDBOX_TAX_NOS.guide).catch((e) => e)
    expect(err).toBeInstanceOf(AuthError)
    expect(err).toMatchObject({ stage: 'app_token', vendorMessage: '第三方应用不存在或appSecret错误' })
    expect(err.message).not.toContain('wrong')
  })
})

describe('vendor behaviours the docs leave open (sandbox modes)', () => {
  it.each(['envelope', 'success_false', 'http_401', 'http_403'] as const)('a token refused as %s is renewed once, and a second refusal is an auth error', async (tokenRefusal) => {
    const { sandbox, client } = await setup({ modes: { tokenRefusal } })
    sandbox.state.faults.push({ on: 'taxLogin', times: 1, fault: { kind: 'invalidate_token' } })
    await expect(client.taxLogin(SANDBOX_TAX_NOS.guide)).resolves.toMatchObject({ needAuth: false })
    expect(sandbox.state.requests.filter((r) => r.path === 'login')).toHaveLength(2)
    sandbox.state.faults.push({ on: 'taxLogin', times: 2, fault: { kind: 'invalidate_token' } })
    const err = await client.taxLogin(SANDBOX_TAX_NOS.guide).catch((e) => e)
    expect(err).toBeInstanceOf(AuthError)
    expect(err).toMatchObject({ code: 'UPSTREAM_AUTH', stage: 'access_token' })
  })

  it.each(['appSecret', 'appSecuret', 'either'] as const)('gets a token from a vendor that reads the secret as %s', async (appSecretField) => {
    const { sandbox, client } = await setup({ modes: { appSecretField } })
    await expect(client.taxLogin(SANDBOX_TAX_NOS.guide)).resolves.toMatchObject({ needAuth: false })
    // The sandbox's log masks the secret, whichever key carried it.
    expect(JSON.stringify(sandbox.state.requests)).not.toContain(sandbox.state.credentials.appSecret)
  })

  it.each(['boolean', 'number', 'string', 'yn', 'url_only'] as const)('reads needAuth written as %s', async (flagStyle) => {
    const { client } = await setup({ modes: { flagStyle } })
    expect(await client.taxLogin(SANDBOX_TAX_NOS.interactiveLogin)).toMatchObject({ needAuth: true, loginWebUrl: expect.stringContaining('/etax-login'), loginType: '2' })
    expect(await client.taxLogin(SANDBOX_TAX_NOS.guide)).toMatchObject({ needAuth: false, loginWebUrl: undefined, loginType: '1' })
  })

  it('sends no serial keys for an invoice without a serial', async () => {
    const { sandbox, client } = await setup()
    const { serialNo: _, ...noSerial } = GUIDE_INVOICE
    await client.invoiceRecorded({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: [noSerial] })
    expect(sandbox.state.requests.find((r) => r.interfaceCode === 'invoiceRecorded')?.data).toEqual({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: [noSerial] })
  })
})

describe('a call that could not get a token', () => {
  it('was never sent, whatever happened to the login', async () => {
    // A login.do that times out may have reached the vendor, but the 4.16 certainly did not.
    const { sandbox, client } = await setup({}, { responseTimeoutMs: 300 })
    sandbox.state.faults.push({ on: 'login', times: 1, fault: { kind: 'latency', ms: 600 } })
    const err = await client.invoiceRecorded({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: [GUIDE_INVOICE] }).catch((e) => e)
    expect(err).toBeInstanceOf(TransportError)
    expect(err).toMatchObject({ failure: 'response_timeout', maybeDelivered: false, message: expect.stringContaining('invoiceRecorded was not sent') })
    expect(sandbox.state.count('invoiceRecorded')).toBe(0)
  })
})

describe('requestIds', () => {
  it('keep the vendor\'s 16-digit format and never repeat in a process, even at one millisecond', () => {
    const ids = new RequestIds(() => 1_764_000_000_000, () => 999)
    const drawn = Array.from({ length: 5000 }, () => ids.next())
    expect(new Set(drawn).size).toBe(5000)
    expect(drawn.every((id) => /^\d{16}$/.test(id))).toBe(true)
    expect(drawn.slice(0, 2)).toEqual(['1764000000000999', '1764000000001000'])
  })

  it('are fresh for every page of a query, so a vendor replaying answers by requestId cannot stall a poll', async () => {
    const { sandbox, client } = await setup({ modes: { dedupeRequestIds: true }, taskPolls: 2 })
    const { taskNo } = await client.invoiceRecorded({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: [GUIDE_INVOICE] })
    expect(await client.invoiceRecordedQueryAll({ taxNo: SANDBOX_TAX_NOS.guide, taskNo })).toEqual({ success: [], fail: [] })
    expect((await client.invoiceRecordedQueryAll({ taxNo: SANDBOX_TAX_NOS.guide, taskNo })).success).toHaveLength(1)
    const sent = sandbox.state.requests.filter((r) => r.path === 'deduction').map((r) => r.requestId)
    expect(new Set(sent).size).toBe(sent.length)
  })
})

describe('faults map to the right error', () => {
  const cases = [
    { fault: { kind: 'http_error', status: 502 }, error: TransportError, fields: { failure: 'http_status', httpStatus: 502, maybeDelivered: true } },
    { fault: { kind: 'drop' }, error: TransportError, fields: { failure: 'connection_dropped', maybeDelivered: true } },
    { fault: { kind: 'latency', ms: 800 }, error: TransportError, fields: { failure: 'response_timeout', maybeDelivered: true } },
    { fault: { kind: 'not_json' }, error: ProtocolError, fields: { code: 'UPSTREAM_PROTOCOL' } },
    { fault: { kind: 'bad_base64' }, error: ProtocolError, fields: { message: 'data is not valid Base64' } },
    {
      fault: { kind: 'business_error', errorCode: '9999', message: '系统繁忙，请稍后重试' },
      error: BusinessError,
      fields: { vendorCode: '9999', vendorMessage: '系统繁忙，请稍后重试', needsTaxLogin: false },
    },
  ] as const
  for (const c of cases) {
    it(`${c.fault.kind} → ${c.error.name}`, async () => {
      const { sandbox, client } = await setup({}, { responseTimeoutMs: 400 })
      sandbox.state.faults.push({ on: 'taxLogin', times: 1, fault: c.fault })
      const err = await client.taxLogin(SANDBOX_TAX_NOS.guide).catch((e) => e)
      expect(err).toBeInstanceOf(c.error)
      expect(err).toMatchObject(c.fields)
      // The fault was one-off: the same client recovers on the next call.
      await expect(client.taxLogin(SANDBOX_TAX_NOS.guide)).resolves.toMatchObject({ needAuth: false })
    })
  }

  it('a fault at a given rate hits roughly that share of calls', async () => {
    const { sandbox, client } = await setup()
    sandbox.state.faults.push({ on: 'taxLogin', rate: 0.5, fault: { kind: 'http_error', status: 503 } })
    const results = await Promise.allSettled(Array.from({ length: 60 }, () => client.taxLogin(SANDBOX_TAX_NOS.guide)))
    const failed = results.filter((r) => r.status === 'rejected').length
    expect(failed).toBeGreaterThan(10)
    expect(failed).toBeLessThan(50)
  })

  it('connection refused → transport error that never reached the vendor', async () => {
    const server = net.createServer()
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as net.AddressInfo).port
    await new Promise((r) => server.close(r))
    const { sandbox } = await setup()
    const client = new PiaozoneClient(clientConfigFor(sandbox, { baseUrl: `http://127.0.0.1:${port}/sandbox` }))
    const err = await client.taxLogin(SANDBOX_TAX_NOS.guide).catch((e) => e)
    expect(err).toMatchObject({ failure: 'connect', maybeDelivered: false })
  })

  it('a connection that never completes → connect timeout that never reached the vendor', async () => {
    // TCP accepts but the TLS handshake never answers, so the request is never sent.
    const silent = net.createServer(() => {})
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    const port = (silent.address() as net.AddressInfo).port
    const { sandbox } = await setup()
    const client = new PiaozoneClient(clientConfigFor(sandbox, { baseUrl: `https://127.0.0.1:${port}/sandbox`, connectTimeoutMs: 200 }))
    const err = await client.taxLogin(SANDBOX_TAX_NOS.guide).catch((e) => e)
    silent.close()
    https.globalAgent.destroy()
    expect(err).toMatchObject({ failure: 'connect_timeout', maybeDelivered: false })
  })
})

describe('business answers', () => {
  it('keeps 2002 and its Chinese message verbatim', async () => {
    const { client } = await setup()
    const err = await client
      .invoiceRecorded({ taxNo: SANDBOX_TAX_NOS.channelUnsupported, nextEntryMarkStatus: '02', invoices: [{ ...GUIDE_INVOICE, invoiceNo: '25112000000377770001' }] })
      .catch((e) => e)
    expect(err).toBeInstanceOf(BusinessError)
    expect(err).toMatchObject({ vendorCode: '2002', vendorMessage: '该组织的收票通道不支持税局入账操作', interfaceCode: 'invoiceRecorded' })
  })

  it('answers 0201 for an unknown task', async () => {
    const { client } = await setup()
    const err = await client.invoiceRecordedQuery({ taxNo: SANDBOX_TAX_NOS.guide, taskNo: 'RZ-nope', pageNo: 1, pageSize: 10 }).catch((e) => e)
    expect(err).toMatchObject({ vendorCode: '0201', vendorMessage: '未查询到相关任务，请确认请求税号或任务号是否正确' })
  })

  it('flags a dropped tax-bureau session, and an interactive login step', async () => {
    const { sandbox, client } = await setup()
    const taxNo = SANDBOX_TAX_NOS.interactiveLogin
    sandbox.state.addInvoice({ taxNo, invoiceNo: '25312000000100000001', invoiceCode: '', invoiceType: '27', invoiceDate: '20251101', entryMarkStatus: '01' })
    const input = { taxNo, nextEntryMarkStatus: '02' as const, invoices: [{ ...GUIDE_INVOICE, invoiceNo: '25312000000100000001' }] }
    await expect(client.invoiceRecorded(input)).rejects.toMatchObject({ needsTaxLogin: true, vendorMessage: '税局登录已失效，请重新登录' })
    const login = await client.taxLogin(taxNo)
    expect(login.needAuth).toBe(true)
    expect(login.loginWebUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox\/etax-login\?taxNo=/)
    // A person completes the step at loginWebUrl; the next check succeeds and the session is back.
    const page = await fetch(login.loginWebUrl as string)
    expect(await page.text()).toContain('税局登录已完成')
    expect((await client.taxLogin(taxNo)).needAuth).toBe(false)
    await expect(client.invoiceRecorded(input)).resolves.toMatchObject({ taskNo: expect.any(String) })
  })

  it('reports per-invoice failures with the reason, whatever the vendor names its field', async () => {
    const { client } = await setup({ failReasonField: 'someUndocumentedField' })
    const { taskNo } = await client.invoiceRecorded({
      taxNo: SANDBOX_TAX_NOS.guide,
      nextEntryMarkStatus: '06',
      invoices: [
        { ...GUIDE_INVOICE, serialNo: 'a' }, // 01 → 06 is not allowed
        { ...GUIDE_INVOICE, serialNo: 'b', invoiceNo: '25442000000199990001' }, // 02 → 06 is
        { ...GUIDE_INVOICE, serialNo: 'c', invoiceNo: '99999999999999999999' }, // unknown invoice
      ],
    })
    const { success, fail } = await client.invoiceRecordedQueryAll({ taxNo: SANDBOX_TAX_NOS.guide, taskNo })
    expect(success.map((s) => [s.serialNo, s.preEntryMarkStatus, s.entryMarkStatus])).toEqual([['b', '02', '06']])
    expect(fail.map((f) => [f.serialNo, f.entryMarkStatus, f.failReason])).toEqual([
      ['a', '01', '发票当前入账状态为01，不能变更为06'],
      ['c', '', '未在收票池中找到该发票，请先采集发票'],
    ])
    expect(fail[0].raw).toHaveProperty('someUndocumentedField')
  })

  it('shows nothing until the task is done, then reads every page', async () => {
    const { sandbox, client } = await setup({ taskPolls: 2 })
    const pool = [...sandbox.state.invoices.values()].filter((i) => i.taxNo === SANDBOX_TAX_NOS.guide && i.entryMarkStatus === '01')
    const invoices = pool.map((i, n) => ({ serialNo: `s${n}`, invoiceNo: i.invoiceNo, invoiceCode: i.invoiceCode, recordedTime: '20251126', recordedPeriod: '202511' }))
    const { taskNo } = await client.invoiceRecorded({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '03', invoices })
    expect(await client.invoiceRecordedQueryAll({ taxNo: SANDBOX_TAX_NOS.guide, taskNo, pageSize: 5 })).toEqual({ success: [], fail: [] })
    const all = await client.invoiceRecordedQueryAll({ taxNo: SANDBOX_TAX_NOS.guide, taskNo, pageSize: 5 })
    expect(all.fail).toEqual([])
    expect(all.success.map((s) => s.serialNo).sort()).toEqual(invoices.map((i) => i.serialNo).sort())
    expect(invoices.length).toBeGreaterThan(15) // several pages of 5
  })
})

describe('logging and call records', () => {
  it('logs interfaceCode, requestId, duration and errorCode, never tokens, secrets or data', async () => {
    const lines: string[] = []
    const calls: CallRecord[] = []
    const logger = { info: (o: object, m?: string) => lines.push(JSON.stringify([o, m])), warn: (o: object, m?: string) => lines.push(JSON.stringify([o, m])) }
    const { sandbox, client } = await setup({}, {}, { logger, onCall: (c) => calls.push(c) })
    sandbox.state.faults.push({ on: 'taxLogin', times: 1, fault: { kind: 'invalidate_token' } })
    await client.taxLogin(SANDBOX_TAX_NOS.guide)
    await client.invoiceRecorded({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: [GUIDE_INVOICE] })
    const text = lines.join('\n')
    expect(text).toContain('"interfaceCode":"invoiceRecorded"')
    expect(text).toMatch(/"requestId":"\d{16}"/)
    expect(text).toMatch(/"durationMs":\d+/)
    const tokens = [...sandbox.state.accessTokens.keys(), ...sandbox.state.appTokens.keys()]
    for (const secret of [...tokens, 'sandbox-secret', GUIDE_INVOICE.invoiceNo, GUIDE_INVOICE.serialNo]) expect(text).not.toContain(secret)
    expect(text).not.toMatch(/access_token=|"data"/)
    expect(calls.map((c) => [c.interfaceCode, c.resultCode])).toEqual([
      ['getAppToken.do', '0'],
      ['login.do', '0'],
      ['getAppToken.do', '0'],
      ['login.do', '0'],
      ['taxLogin', '0000'],
      ['invoiceRecorded', '0000'],
    ])
  })
})
