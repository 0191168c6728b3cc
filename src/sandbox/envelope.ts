// The envelope endpoints: the deduction interfaces (4.16, 4.17, taxLogin) on /kapi/app/rim/deduction and the
// 设置类 ones (3.4) on /kapi/app/sim/openApi share one envelope (businessSystemCode, interfaceCode, requestId and
// the encoded `data`) and one access token. This file checks both; deduction.ts does what the interfaces ask.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { asString, isRecord, recordOrEmpty } from '../guards.ts'
import { type Answer, refuse, SANDBOX_ERRORS, type SandboxContext } from './answers.ts'
import { invoiceRecorded, invoiceRecordedQuery, taxLogin } from './deduction.ts'
import { applyFaults, dropConnection, type Fault } from './faults.ts'
import type { LoggedRequest } from './state.ts'

type Handler = (ctx: SandboxContext, body: Record<string, unknown>, entry: LoggedRequest, faults: Fault[]) => Answer

export function registerEnvelopeRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state, codec } = ctx
  for (const [path, url, handle] of [
    ['deduction', 'rim/deduction', handleDeduction],
    ['settings', 'sim/openApi', handleSettings],
  ] as const) {
    app.post(`${ctx.prefix}/kapi/app/${url}`, async (request, reply) => {
      const body = recordOrEmpty(request.body)
      const token = asString(recordOrEmpty(request.query).access_token) ?? asString(request.headers.access_token)
      const interfaceCode = asString(body.interfaceCode)
      const entry: LoggedRequest = {
        at: state.now(),
        path,
        hadAccessToken: Boolean(token),
        interfaceCode,
        requestId: asString(body.requestId),
        businessSystemCode: asString(body.businessSystemCode),
      }
      state.requests.push(entry)
      const faults = state.takeFaults(interfaceCode ?? '')
      if (await applyFaults(state, faults, request, reply)) return reply
      if (!state.accessTokenValid(token)) return refuseToken(ctx, reply, entry)
      const requestId = asString(body.requestId) ?? ''
      const seen = state.modes.dedupeRequestIds ? state.answersByRequestId.get(requestId) : undefined
      const answer = seen ? { ...seen } : handle(ctx, body, entry, faults)
      if (state.modes.dedupeRequestIds && !seen && requestId) state.answersByRequestId.set(requestId, answer)
      entry.answerCode = String(answer.errorCode)
      if (answer.errorCode === '0000' && faults.some((f) => f.kind === 'bad_base64')) answer.data = '%%%这不是Base64%%%'
      if (answer.errorCode === '0000' && faults.some((f) => f.kind === 'empty_success')) answer.data = codec.encode({})
      if (faults.some((f) => f.kind === 'drop_after')) return dropConnection(request, reply)
      return answer
    })
  }
}

/** A dead access token, refused in the form modes.tokenRefusal names. */
function refuseToken({ state }: SandboxContext, reply: FastifyReply, entry: LoggedRequest) {
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

/** The envelope's checks and its decoded `data`, or the refusal a bad envelope gets. */
function openEnvelope(ctx: SandboxContext, body: Record<string, unknown>, entry: LoggedRequest, faults: Fault[]): { data: Record<string, unknown> } | { refusal: Answer } {
  const { state, codec } = ctx
  for (const field of ['businessSystemCode', 'interfaceCode', 'requestId', 'data'] as const) {
    if (!asString(body[field])) return { refusal: refuse(SANDBOX_ERRORS.badEnvelope, `参数错误：${field}不能为空`) }
  }
  if (!state.businessSystemCodes.has(asString(body.businessSystemCode) ?? '')) return { refusal: refuse(SANDBOX_ERRORS.unknownSystem, '业务系统编码不存在，请在发票云中配置') }
  let data: Record<string, unknown>
  try {
    const decoded = codec.decode(body.data)
    if (!isRecord(decoded)) throw new Error('not an object')
    data = decoded
  } catch {
    return { refusal: refuse(SANDBOX_ERRORS.badData, `data解析失败，请检查${state.dataCodec === 'aes' ? 'AES加密' : 'Base64编码'}`) }
  }
  entry.data = data
  const forced = faults.find((f) => f.kind === 'business_error')
  if (forced?.kind === 'business_error') return { refusal: refuse(forced.errorCode, forced.message) }
  return { data }
}

/** 设置类 3.4 ALLE.ACCOUNT.CHECK: the tax number's e-tax accounts. Its page says errorCode 0 is success, and shows `data` as a list. */
const handleSettings: Handler = (ctx, body, entry, faults) => {
  const { state, codec } = ctx
  const opened = openEnvelope(ctx, body, entry, faults)
  if ('refusal' in opened) return opened.refusal
  if (body.interfaceCode !== 'ALLE.ACCOUNT.CHECK' || state.modes.accountCheck === 'unsupported') {
    return refuse(SANDBOX_ERRORS.unknownInterface, `接口编码${String(body.interfaceCode)}不存在`)
  }
  const taxNo = asString(opened.data.taxno)
  if (!taxNo) return refuse(SANDBOX_ERRORS.badEnvelope, '参数错误：taxno不能为空')
  const accounts = state.profile(taxNo).etaxAccounts
  return { errorCode: '0', message: '成功', data: state.modes.accountCheck === 'encoded' ? codec.encode(accounts) : accounts }
}

/** The deduction interfaces, each after the envelope's checks; 4.16 and 4.17 need a live tax-bureau session. */
const handleDeduction: Handler = (ctx, body, entry, faults) => {
  const { state } = ctx
  const opened = openEnvelope(ctx, body, entry, faults)
  if ('refusal' in opened) return opened.refusal
  const { data } = opened
  const taxNo = asString(data.taxNo)
  if (!taxNo) return refuse(SANDBOX_ERRORS.badEnvelope, '参数错误：taxNo不能为空')
  const profile = state.profile(taxNo)
  const sessionGone = () => refuse(state.modes.sessionGone.errorCode, state.modes.sessionGone.message)
  switch (body.interfaceCode) {
    case 'taxLogin':
      return taxLogin(ctx, taxNo, profile)
    case 'invoiceRecorded':
      if (profile.sessionExpired) return sessionGone()
      return invoiceRecorded(ctx, taxNo, profile, data)
    case 'invoiceRecordedQuery':
      if (profile.sessionExpired) return sessionGone()
      return invoiceRecordedQuery(ctx, taxNo, data)
    default:
      return refuse(SANDBOX_ERRORS.unknownInterface, `接口编码${String(body.interfaceCode)}不存在`)
  }
}
