// A Fastify app that behaves like piaozone's 税局入账 endpoints (docs/PIAOZONE.md), so the gateway can
// be run and tested with no vendor account. Where the vendor's behaviour is undocumented, the sandbox's choice
// is written in docs/SANDBOX.md.
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import { makeCodec } from '../piaozone/codec.ts'
import type { EntryMarkStatus } from '../piaozone/types.ts'
import { isEntryMarkTarget, TRANSITIONS } from '../piaozone/entry-mark.ts'
import type { Fault, FaultRule, LoggedRequest, PoolInvoice, SandboxModes, SandboxState, TaxNoProfile } from './state.ts'

/** Vendor-style refusals the sandbox answers with. The codes other than 2002 and 0201 are the sandbox's own. */
export const SANDBOX_ERRORS = {
  badEnvelope: '0100',
  unknownSystem: '0101',
  badData: '0102',
  unknownInterface: '0103',
  tokenRefused: '1001',
  taxLoginExpired: '0301',
  channelUnsupported: '2002',
  taskNotFound: '0201',
} as const

type Answer = Record<string, unknown>
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const str = (v: unknown) => (typeof v === 'string' ? v : undefined)

export function buildSandbox(state: SandboxState) {
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 })
  const codec = makeCodec(state.dataCodec, state.aesKey)
  const prefix = `/${state.credentials.tenantId}`

  // A body that is not JSON gets a vendor-style refusal, not Fastify's own 400.
  app.setErrorHandler((err, _req, reply) => {
    reply.code(200).send(refuse(SANDBOX_ERRORS.badEnvelope, `请求报文格式错误：${(err as Error).message}`))
  })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string))
    } catch {
      done(new Error('不是合法的JSON'), undefined)
    }
  })

  const ok = (data: unknown): Answer => ({ errorCode: '0000', message: '请求成功', success: true, status: true, data: codec.encode(data) })
  const refuse = (errorCode: string, message: string): Answer => ({ errorCode, message, success: false, status: false, data: null })

  /** Applies the fault rules for this call; returns true when the reply has been taken over. */
  async function applyFaults(faults: Fault[], request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    if (state.latencyMs) await sleep(state.latencyMs)
    for (const f of faults) if (f.kind === 'latency') await sleep(f.ms)
    for (const f of faults) {
      if (f.kind === 'drop') {
        reply.hijack()
        request.raw.socket.destroy()
        return true
      }
      if (f.kind === 'http_error') {
        reply.code(f.status).type('text/html').send(`<html><body><h1>${f.status}</h1></body></html>`)
        return true
      }
      if (f.kind === 'not_json') {
        reply.code(200).type('text/html').send('<html><body>系统维护中，请稍后再试</body></html>')
        return true
      }
      if (f.kind === 'invalidate_token') state.invalidateTokens()
    }
    return false
  }

  app.post(`${prefix}/api/getAppToken.do`, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    // The vendor page says appSecret, its guide and some clients send appSecuret: which one the server reads is a mode.
    const field = state.modes.appSecretField
    const secret = field === 'either' ? (str(body.appSecret) ?? str(body.appSecuret)) : str(body[field])
    const entry: LoggedRequest = { at: state.now(), path: 'getAppToken', hadAccessToken: false, data: { ...body, appSecret: secret ? '***' : undefined, appSecuret: undefined } }
    state.requests.push(entry)
    if (await applyFaults(state.takeFaults('getAppToken'), request, reply)) return reply
    const fail = (code: string, desc: string) => {
      entry.answerCode = code
      return { data: { app_token: '', success: false, error_desc: desc, expire_time: 0, error_code: code }, state: 'error' }
    }
    if (body.accountId !== state.credentials.accountId) return fail('1', '数据中心不存在，请检查accountId')
    if (body.appId !== state.credentials.appId || secret !== state.credentials.appSecret) return fail('2', '第三方应用不存在或appSecret错误')
    const { token, expiresAt } = state.newToken('app')
    entry.answerCode = '0'
    return { data: { app_token: token, success: true, error_desc: '', expire_time: expiresAt, error_code: '0' }, state: 'success' }
  })

  app.post(`${prefix}/api/login.do`, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const entry: LoggedRequest = { at: state.now(), path: 'login', hadAccessToken: false, data: { ...body, apptoken: body.apptoken ? '***' : undefined } }
    state.requests.push(entry)
    if (await applyFaults(state.takeFaults('login'), request, reply)) return reply
    const fail = (code: string, desc: string) => {
      entry.answerCode = code
      return { data: { access_token: '', success: false, error_desc: desc, expire_time: 0, error_code: code }, state: 'error' }
    }
    const appTokenExpiry = state.appTokens.get(str(body.apptoken) ?? '')
    if (appTokenExpiry === undefined || state.now() >= appTokenExpiry) return fail('3', 'apptoken无效或已过期')
    if (body.accountId !== state.credentials.accountId) return fail('1', '数据中心不存在，请检查accountId')
    if (body.usertype !== 'UserName' && body.usertype !== 'Mobile') return fail('4', 'usertype只能为UserName或Mobile')
    if (body.user !== state.credentials.user) return fail('5', '用户不存在')
    const { token, expiresAt } = state.newToken('access')
    entry.answerCode = '0'
    return { data: { access_token: token, success: true, error_desc: '', expire_time: expiresAt, error_code: '0' }, state: 'success' }
  })

  // The deduction interfaces (4.16, 4.17, taxLogin) and the 设置类 ones (3.4) share the envelope, on their own paths.
  for (const [path, url, handle] of [
    ['deduction', 'rim/deduction', handleKapi],
    ['settings', 'sim/openApi', handleSettings],
  ] as const) {
    app.post(`${prefix}/kapi/app/${url}`, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>
      const query = request.query as Record<string, string | undefined>
      const token = query.access_token ?? str(request.headers.access_token)
      const interfaceCode = str(body.interfaceCode)
      const entry: LoggedRequest = {
        at: state.now(),
        path,
        hadAccessToken: Boolean(token),
        interfaceCode,
        requestId: str(body.requestId),
        businessSystemCode: str(body.businessSystemCode),
      }
      state.requests.push(entry)
      const faults = state.takeFaults(interfaceCode ?? '')
      if (await applyFaults(faults, request, reply)) return reply
      if (!state.accessTokenValid(token)) return refuseToken(reply, entry)
      const requestId = str(body.requestId) ?? ''
      const seen = state.modes.dedupeRequestIds ? state.answersByRequestId.get(requestId) : undefined
      const answer = seen ? { ...seen } : handle(body, entry, faults)
      if (state.modes.dedupeRequestIds && !seen && requestId) state.answersByRequestId.set(requestId, answer)
      entry.answerCode = String(answer.errorCode)
      if (answer.errorCode === '0000' && faults.some((f) => f.kind === 'bad_base64')) answer.data = '%%%这不是Base64%%%'
      if (answer.errorCode === '0000' && faults.some((f) => f.kind === 'empty_success')) answer.data = codec.encode({})
      if (faults.some((f) => f.kind === 'drop_after')) {
        reply.hijack()
        request.raw.socket.destroy()
        return reply
      }
      return answer
    })
  }

  /** A dead access token, refused in the form modes.tokenRefusal names. */
  function refuseToken(reply: FastifyReply, entry: LoggedRequest) {
    const mode = state.modes.tokenRefusal
    if (mode === 'http_401' || mode === 'http_403') {
      const status = mode === 'http_401' ? 401 : 403
      entry.answerCode = `HTTP ${status}`
      return reply.code(status).type('text/html').send('<html><body>Unauthorized</body></html>')
    }
    if (mode === 'success_false') {
      entry.answerCode = 'success:false'
      return { success: false, message: 'access_token已过期', data: null }
    }
    entry.answerCode = SANDBOX_ERRORS.tokenRefused
    return refuse(SANDBOX_ERRORS.tokenRefused, 'access_token无效或已过期，请重新获取')
  }

  const sessionGone = () => refuse(state.modes.sessionGone.errorCode, state.modes.sessionGone.message)

  /** The envelope's checks and its decoded `data`, or the refusal a bad envelope gets. */
  function openEnvelope(body: Record<string, unknown>, entry: LoggedRequest, faults: Fault[]): { data: Record<string, unknown> } | { refusal: Answer } {
    for (const field of ['businessSystemCode', 'interfaceCode', 'requestId', 'data'] as const) {
      if (typeof body[field] !== 'string' || body[field] === '') return { refusal: refuse(SANDBOX_ERRORS.badEnvelope, `参数错误：${field}不能为空`) }
    }
    if (!state.businessSystemCodes.has(body.businessSystemCode as string)) return { refusal: refuse(SANDBOX_ERRORS.unknownSystem, '业务系统编码不存在，请在发票云中配置') }
    let data: Record<string, unknown>
    try {
      const decoded = codec.decode(body.data)
      if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded)) throw new Error('not an object')
      data = decoded as Record<string, unknown>
    } catch {
      return { refusal: refuse(SANDBOX_ERRORS.badData, `data解析失败，请检查${state.dataCodec === 'aes' ? 'AES加密' : 'Base64编码'}`) }
    }
    entry.data = data
    const forced = faults.find((f) => f.kind === 'business_error')
    if (forced?.kind === 'business_error') return { refusal: refuse(forced.errorCode, forced.message) }
    return { data }
  }

  /** 设置类 3.4 ALLE.ACCOUNT.CHECK: the tax number's e-tax accounts. Its page says errorCode 0 is success, and shows `data` as a list. */
  function handleSettings(body: Record<string, unknown>, entry: LoggedRequest, faults: Fault[]): Answer {
    const opened = openEnvelope(body, entry, faults)
    if ('refusal' in opened) return opened.refusal
    if (body.interfaceCode !== 'ALLE.ACCOUNT.CHECK' || state.modes.accountCheck === 'unsupported') {
      return refuse(SANDBOX_ERRORS.unknownInterface, `接口编码${String(body.interfaceCode)}不存在`)
    }
    const taxNo = str(opened.data.taxno)
    if (!taxNo) return refuse(SANDBOX_ERRORS.badEnvelope, '参数错误：taxno不能为空')
    const accounts = state.profile(taxNo).etaxAccounts
    return { errorCode: '0', message: '成功', data: state.modes.accountCheck === 'encoded' ? codec.encode(accounts) : accounts }
  }

  function handleKapi(body: Record<string, unknown>, entry: LoggedRequest, faults: Fault[]): Answer {
    const opened = openEnvelope(body, entry, faults)
    if ('refusal' in opened) return opened.refusal
    const { data } = opened
    const taxNo = str(data.taxNo)
    if (!taxNo) return refuse(SANDBOX_ERRORS.badEnvelope, '参数错误：taxNo不能为空')
    const profile = state.profile(taxNo)
    switch (body.interfaceCode) {
      case 'taxLogin':
        return taxLogin(taxNo, profile)
      case 'invoiceRecorded':
        if (profile.sessionExpired) return sessionGone()
        return invoiceRecorded(taxNo, profile, data)
      case 'invoiceRecordedQuery':
        if (profile.sessionExpired) return sessionGone()
        return invoiceRecordedQuery(taxNo, data)
      default:
        return refuse(SANDBOX_ERRORS.unknownInterface, `接口编码${String(body.interfaceCode)}不存在`)
    }
  }

  function taxLogin(taxNo: string, profile: TaxNoProfile): Answer {
    const flags = (needAuth: boolean, loginType: number) => flagFields(state.modes.flagStyle, needAuth, loginType)
    if (profile.needAuth) {
      return ok({ ...flags(true, 2), loginWebUrl: `${sandboxOrigin()}${prefix}/etax-login?taxNo=${taxNo}`, taxNo, companyName: profile.companyName })
    }
    profile.sessionExpired = false
    return ok({
      ...flags(false, 1), loginWebUrl: '', companyName: profile.companyName, companyType: '1',
      etaxAccountType: '1', taxNo, skssq: '202511', gxrqfw: '20251101-20251130', city: '深圳',
    })
  }

  /** modes.throttle: true when this 4.16 call is over the limit (and so is not counted). */
  function throttled(): boolean {
    const throttle = state.modes.throttle
    if (!throttle) return false
    const now = state.now()
    state.submitTimes = state.submitTimes.filter((t) => now - t < throttle.windowMs)
    if (state.submitTimes.length >= throttle.limit) return true
    state.submitTimes.push(now)
    return false
  }

  function invoiceRecorded(taxNo: string, profile: TaxNoProfile, data: Record<string, unknown>): Answer {
    if (state.modes.throttle && throttled()) return refuse(state.modes.throttle.answer.errorCode, state.modes.throttle.answer.message)
    if (profile.channelUnsupported) return refuse(SANDBOX_ERRORS.channelUnsupported, '该组织的收票通道不支持税局入账操作')
    const next = str(data.nextEntryMarkStatus) as EntryMarkStatus | undefined
    if (!isEntryMarkTarget(next)) return refuse(SANDBOX_ERRORS.badEnvelope, '参数错误：nextEntryMarkStatus只能为02、03或06')
    const invoices = Array.isArray(data.invoices) ? (data.invoices as Record<string, unknown>[]) : []
    if (invoices.length === 0) return refuse(SANDBOX_ERRORS.badEnvelope, '参数错误：invoices不能为空')
    if (invoices.length > state.maxBatchSize) return refuse(SANDBOX_ERRORS.badEnvelope, `参数错误：invoices单次最多${state.maxBatchSize}条`)
    const today = new Date(state.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '')
    const items = invoices.map((inv) => {
      const sentSerial = str(inv.serilNo) ?? str(inv.serialNo) ?? ''
      const invoiceNo = str(inv.invoiceNo) ?? ''
      const invoiceCode = str(inv.invoiceCode) ?? ''
      const pooled: PoolInvoice | undefined = state.getInvoice(taxNo, invoiceNo, invoiceCode)
      const poolSerials = state.modes.serials === 'pool'
      const item = {
        serialNo: poolSerials ? (pooled?.serialNo ?? '') : sentSerial, invoiceNo, invoiceCode, ok: false,
        invoiceType: pooled?.invoiceType ?? '', invoiceDate: pooled?.invoiceDate ?? '',
        preEntryMarkStatus: pooled?.entryMarkStatus ?? '', entryMarkStatus: pooled?.entryMarkStatus ?? '',
      }
      const recordedTime = str(inv.recordedTime) ?? ''
      const reason = !invoiceNo ? '发票号码不能为空'
        : !pooled ? '未在收票池中找到该发票，请先采集发票'
        : poolSerials && sentSerial && sentSerial !== pooled.serialNo ? '流水号serilNo与收票池中的发票不一致'
        : !/^\d{8}$/.test(recordedTime) || recordedTime > today ? '入账时间格式错误或晚于当前日期'
        : !TRANSITIONS[pooled.entryMarkStatus].includes(next) ? `发票当前入账状态为${pooled.entryMarkStatus}，不能变更为${next}`
        : undefined
      if (reason || !pooled) return { ...item, reason }
      pooled.entryMarkStatus = next
      return { ...item, ok: true, entryMarkStatus: next }
    })
    const taskNo = state.nextTaskNo()
    state.tasks.set(taskNo, { taskNo, taxNo, items, createdAt: state.now(), readyAt: state.now() + state.taskDelayMs, pollsUntilReady: state.taskPolls, polls: 0, revealed: 0 })
    return ok({ taskNo })
  }

  function invoiceRecordedQuery(taxNo: string, data: Record<string, unknown>): Answer {
    const task = state.tasks.get(str(data.taskNo) ?? '')
    const hidden = task && state.now() < task.createdAt + state.modes.taskHiddenMs
    if (!task || task.taxNo !== taxNo || hidden) return refuse(SANDBOX_ERRORS.taskNotFound, '未查询到相关任务，请确认请求税号或任务号是否正确')
    const pageNo = Number(data.pageNo ?? 1)
    const pageSize = Number(data.pageSize ?? 200)
    if (!Number.isInteger(pageNo) || pageNo < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
      return refuse(SANDBOX_ERRORS.badEnvelope, '参数错误：pageNo须大于0，pageSize须在1到1000之间')
    }
    task.polls++
    // Still processing: the vendor has no documented flag for it, so the lists are empty, or (a mode) a refusal.
    if (task.polls < task.pollsUntilReady || state.now() < task.readyAt) {
      const busy = state.modes.processingAnswer
      return busy ? refuse(busy.errorCode, busy.message) : ok({ success: [], fail: [] })
    }
    // modes.resultsPerPoll: every new read (page 1) shows that many more results.
    const step = state.modes.resultsPerPoll
    if (pageNo === 1) task.revealed = step ? Math.min(task.items.length, task.revealed + step) : task.items.length
    const page = task.items.slice(0, task.revealed).slice((pageNo - 1) * pageSize, pageNo * pageSize)
    const common = (i: (typeof page)[number]) => ({
      serialNo: i.serialNo, invoiceType: i.invoiceType, invoiceCode: i.invoiceCode,
      etaxInvoiceNo: i.invoiceNo.length === 20 ? i.invoiceNo : '', invoiceNo: i.invoiceNo, invoiceDate: i.invoiceDate,
    })
    return ok({
      success: page.filter((i) => i.ok).map((i) => ({ ...common(i), preEntryMarkStatus: i.preEntryMarkStatus, entryMarkStatus: i.entryMarkStatus })),
      fail: page.filter((i) => !i.ok).map((i) => ({ ...common(i), entryMarkStatus: i.entryMarkStatus, [state.failReasonField]: i.reason })),
    })
  }

  let origin = ''
  const sandboxOrigin = () => origin
  app.addHook('onReady', async () => {
    const address = app.server.address()
    if (address && typeof address === 'object') origin = `http://127.0.0.1:${address.port}`
  })
  app.addHook('onListen', async () => {
    const address = app.server.address()
    if (address && typeof address === 'object') origin = `http://127.0.0.1:${address.port}`
  })

  // Where a person would finish the SMS/QR step: visiting it completes the interactive login.
  app.get(`${prefix}/etax-login`, async (request, reply) => {
    const taxNo = str((request.query as Record<string, unknown>).taxNo) ?? ''
    state.completeInteractiveLogin(taxNo)
    return reply.type('text/html; charset=utf-8').send(`<html><body><p>沙箱：${taxNo} 的税局登录已完成。</p></body></html>`)
  })

  // Controls for the standalone sandbox (tests in-process use the state object directly).
  app.get('/__sandbox/requests', async () => state.requests)
  app.post('/__sandbox/faults', async (request) => {
    state.faults.push(request.body as FaultRule)
    return { faults: state.faults }
  })
  app.delete('/__sandbox/faults', async () => {
    state.faults = []
    return { faults: state.faults }
  })
  app.post('/__sandbox/invoices', async (request) => {
    const inv = request.body as Partial<PoolInvoice> & { taxNo: string; invoiceNo: string }
    state.addInvoice({ invoiceCode: '', invoiceType: '27', invoiceDate: '20251101', entryMarkStatus: '01', ...inv })
    return state.getInvoice(inv.taxNo, inv.invoiceNo, inv.invoiceCode)
  })
  app.put('/__sandbox/modes', async (request) => {
    Object.assign(state.modes, request.body as Partial<SandboxModes>)
    return state.modes
  })
  app.put('/__sandbox/tax-numbers/:taxNo', async (request) => {
    const { taxNo } = request.params as { taxNo: string }
    Object.assign(state.profile(taxNo), request.body)
    return state.profile(taxNo)
  })
  return app
}

/** needAuth and loginType as modes.flagStyle writes them. */
function flagFields(style: SandboxModes['flagStyle'], needAuth: boolean, loginType: number): Record<string, unknown> {
  if (style === 'url_only') return { loginType }
  const written = { boolean: needAuth, number: needAuth ? 1 : 0, string: needAuth ? '1' : '0', yn: needAuth ? 'Y' : 'N' }[style]
  return { needAuth: written, loginType: style === 'number' ? loginType : String(loginType) }
}
