// The two token endpoints (docs/PIAOZONE.md): getAppToken.do trades the app's credentials for an app token,
// login.do trades that and a user for the access token the envelope endpoints ask for.
import type { FastifyInstance } from 'fastify'
import { asString, recordOrEmpty } from '../guards.ts'
import { applyFaults } from './faults.ts'
import type { LoggedRequest, SandboxState } from './state.ts'

export function registerTokenRoutes(app: FastifyInstance, state: SandboxState, prefix: string): void {
  app.post(`${prefix}/api/getAppToken.do`, async (request, reply) => {
    const body = recordOrEmpty(request.body)
    // The vendor page says appSecret, its guide and some clients send appSecuret: which one the server reads is a mode.
    const field = state.modes.appSecretField
    const secret = field === 'either' ? (asString(body.appSecret) ?? asString(body.appSecuret)) : asString(body[field])
    const entry: LoggedRequest = { at: state.now(), path: 'getAppToken', hadAccessToken: false, data: { ...body, appSecret: secret ? '***' : undefined, appSecuret: undefined } }
    state.requests.push(entry)
    if (await applyFaults(state, state.takeFaults('getAppToken'), request, reply)) return reply
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
    const body = recordOrEmpty(request.body)
    const entry: LoggedRequest = { at: state.now(), path: 'login', hadAccessToken: false, data: { ...body, apptoken: body.apptoken ? '***' : undefined } }
    state.requests.push(entry)
    if (await applyFaults(state, state.takeFaults('login'), request, reply)) return reply
    const fail = (code: string, desc: string) => {
      entry.answerCode = code
      return { data: { access_token: '', success: false, error_desc: desc, expire_time: 0, error_code: code }, state: 'error' }
    }
    const appTokenExpiry = state.appTokens.get(asString(body.apptoken) ?? '')
    if (appTokenExpiry === undefined || state.now() >= appTokenExpiry) return fail('3', 'apptoken无效或已过期')
    if (body.accountId !== state.credentials.accountId) return fail('1', '数据中心不存在，请检查accountId')
    if (body.usertype !== 'UserName' && body.usertype !== 'Mobile') return fail('4', 'usertype只能为UserName或Mobile')
    if (body.user !== state.credentials.user) return fail('5', '用户不存在')
    const { token, expiresAt } = state.newToken('access')
    entry.answerCode = '0'
    return { data: { access_token: token, success: true, error_desc: '', expire_time: expiresAt, error_code: '0' }, state: 'success' }
  })
}
