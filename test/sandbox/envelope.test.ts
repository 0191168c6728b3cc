// The sandbox refuses malformed envelopes and credentials the way the vendor does: HTTP 200, a non-success
// errorCode and a Chinese message. Driven with raw HTTP, as a third-party client would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { base64Codec } from '../../src/piaozone/codec.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'

let sandbox: RunningSandbox
let token: string
const codec = base64Codec()

async function post(path: string, body: unknown, contentType = 'application/json') {
  const res = await fetch(`${sandbox.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, any> }
}

const envelope = (over: Record<string, unknown> = {}) => ({
  businessSystemCode: 'ERP-SANDBOX',
  interfaceCode: 'taxLogin',
  requestId: '1764000000000001',
  data: codec.encode({ taxNo: SANDBOX_TAX_NOS.guide }),
  ...over,
})

beforeAll(async () => {
  sandbox = await startSandbox()
  const c = sandbox.state.credentials
  // The integration guide's misspelling appSecuret is accepted too.
  const app = await post('/api/getAppToken.do', { appId: c.appId, appSecuret: c.appSecret, accountId: c.accountId })
  expect(app.body.data).toMatchObject({ success: true, error_code: '0' })
  const login = await post('/api/login.do', { user: c.user, apptoken: app.body.data.app_token, accountId: c.accountId, usertype: 'UserName' })
  expect(login.body.data.expire_time).toBeGreaterThan(Date.now())
  token = login.body.data.access_token
})
afterAll(() => sandbox.close())

describe('auth endpoints', () => {
  it('refuse a wrong accountId, appSecret, apptoken or usertype with success=false and a reason', async () => {
    const c = sandbox.state.credentials
    const answers = await Promise.all([
      post('/api/getAppToken.do', { appId: c.appId, appSecret: c.appSecret, accountId: 'x' }),
      post('/api/getAppToken.do', { appId: c.appId, appSecret: 'x', accountId: c.accountId }),
      post('/api/login.do', { user: c.user, apptoken: 'x', accountId: c.accountId, usertype: 'UserName' }),
    ])
    expect(answers.map((a) => [a.status, a.body.data.success, a.body.data.error_desc])).toEqual([
      [200, false, '数据中心不存在，请检查accountId'],
      [200, false, '第三方应用不存在或appSecret错误'],
      [200, false, 'apptoken无效或已过期'],
    ])
  })

  it('never logs the secret it was sent', () => {
    expect(JSON.stringify(sandbox.state.requests)).not.toContain('sandbox-secret')
  })
})

describe('the kapi envelope', () => {
  const kapi = (body: unknown, query = `?access_token=${token}`, contentType?: string) =>
    post(`/kapi/app/rim/deduction${query}`, body, contentType)

  it('answers a good envelope with 0000 and Base64 data', async () => {
    const { body } = await kapi(envelope())
    expect(body).toMatchObject({ errorCode: '0000', message: '请求成功', success: true })
    expect(codec.decode(body.data)).toMatchObject({ taxNo: SANDBOX_TAX_NOS.guide, needAuth: false })
  })

  const refusals: [string, () => Promise<{ status: number; body: Record<string, any> }>, string, RegExp][] = [
    ['no access_token', () => kapi(envelope(), ''), '1001', /access_token无效/],
    ['an unknown access_token', () => kapi(envelope(), '?access_token=nope'), '1001', /access_token无效/],
    ['no interfaceCode', () => kapi(envelope({ interfaceCode: undefined })), '0100', /interfaceCode不能为空/],
    ['no requestId', () => kapi(envelope({ requestId: '' })), '0100', /requestId不能为空/],
    ['data as a number', () => kapi(envelope({ data: 5 })), '0100', /data不能为空/],
    ['an unknown businessSystemCode', () => kapi(envelope({ businessSystemCode: 'OTHER' })), '0101', /业务系统编码不存在/],
    ['data that is not Base64', () => kapi(envelope({ data: '***' })), '0102', /data解析失败/],
    ['data that is Base64 of a non-object', () => kapi(envelope({ data: codec.encode([1, 2]) })), '0102', /data解析失败/],
    ['an unknown interfaceCode', () => kapi(envelope({ interfaceCode: 'nope' })), '0103', /接口编码nope不存在/],
    ['a body that is not JSON', () => kapi('{"businessSystemCode":'), '0100', /请求报文格式错误/],
    ['a form body', () => kapi('a=b', undefined, 'application/x-www-form-urlencoded'), '0100', /请求报文格式错误/],
    ['no taxNo in data', () => kapi(envelope({ data: codec.encode({}) })), '0100', /taxNo不能为空/],
    [
      'a bad nextEntryMarkStatus',
      () => kapi(envelope({ interfaceCode: 'invoiceRecorded', data: codec.encode({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '01', invoices: [{}] }) })),
      '0100',
      /nextEntryMarkStatus只能为02、03或06/,
    ],
    [
      'more invoices than one batch may hold',
      () => kapi(envelope({ interfaceCode: 'invoiceRecorded', data: codec.encode({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: Array(101).fill({}) }) })),
      '0100',
      /单次最多100条/,
    ],
  ]
  for (const [what, call, code, message] of refusals) {
    it(`refuses ${what} with ${code}`, async () => {
      const { status, body } = await call()
      expect(status).toBe(200)
      expect(body).toMatchObject({ errorCode: code, success: false, status: false })
      expect(body.message).toMatch(message)
    })
  }
})
