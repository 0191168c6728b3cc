// How one piaozone call is sent: the kapi envelope (businessSystemCode, interfaceCode, requestId, the encoded
// `data`), the access token it goes with (getAppToken.do then login.do, cached in tokens.ts), one retry with a fresh
// token when the vendor refuses the token, and every call told to onCall. What the calls are and what their
// answers mean is src/piaozone/client.ts.
import { randomInt } from 'node:crypto'
import { vendorText, type DataCodec, makeCodec, readFlag } from './codec.ts'
import { AuthError, BusinessError, PiaozoneError, ProtocolError, TransportError } from './errors.ts'
import { type HttpTimeouts, postJson } from './http.ts'
import { type IssuedToken, TokenCache } from './tokens.ts'
import type { CallRecord } from './types.ts'
import { isRecord } from '../guards.ts'
import { t } from '../i18n/index.ts'

export interface PiaozoneConfig extends HttpTimeouts {
  baseUrl: string
  appId: string
  appSecret: string
  accountId: string
  tenantId?: string
  user: string
  userType: 'UserName' | 'Mobile'
  businessSystemCode: string
  dataCodec: 'base64' | 'aes'
  aesKey?: string
  tokenRefreshMarginMs: number
  /** kapi `errorCode`s that mean "this access token is refused" (undocumented by the vendor). */
  tokenErrorCodes: string[]
  /** kapi `errorCode`s that mean "the tax-bureau session is gone, log in again" (undocumented by the vendor). */
  taxLoginErrorCodes: string[]
  /** Messages that mean the same, whatever the code (PIAOZONE_TAX_LOGIN_PATTERN). */
  taxLoginPattern: RegExp
}

export interface ClientLogger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
}

export interface ClientOptions {
  logger?: ClientLogger
  /** Told of every call's outcome (metrics, the stored call log). Never sees tokens or `data`. */
  onCall?: (call: CallRecord) => void
  now?: () => number
  /** Where the last 3 digits of a requestId start within a millisecond (tests pin it to force collisions). */
  random?: () => number
}

export interface CallOptions {
  /** Retries of one logical call must reuse the requestId so the vendor can recognise them. */
  requestId?: string
  /** Passed through to onCall (e.g. the task the call is for). */
  context?: string
  /** The calling ERP's own businessSystemCode, where it has one. */
  businessSystemCode?: string
}

/** Messages meaning "the tax-bureau session is gone", Kingdee FAQ's wording among them (PIAOZONE_TAX_LOGIN_PATTERN). */
export const DEFAULT_TAX_LOGIN_PATTERN = '重新登录|请先登录|未登录|登录.{0,6}(失效|过期|超时)|请核对用户信息或重新调用登录接口'

const SUCCESS_CODES = new Set(['0000', '0'])
// How the vendor says the access token is refused is undocumented, so the message is matched as well as the
// configured codes (docs/PIAOZONE.md §2); HTTP 401/403 always count.
const TOKEN_MESSAGE = /(access_?token|令牌).*(无效|失效|过期|不存在)|token.*(invalid|expired)/i
const TOKEN_HTTP_STATUSES = new Set([401, 403])

/**
 * requestIds in the vendor's format (13-digit epoch milliseconds + 3 digits) that never repeat in this process:
 * each is above the last one, starting at a random point of its millisecond so that processes rarely meet.
 * Where two processes still do, the database's unique index on a batch's requestId refuses the second.
 */
export class RequestIds {
  private last = 0
  constructor(
    private readonly now: () => number = Date.now,
    private readonly random: () => number = () => randomInt(0, 1000),
  ) {}

  next(): string {
    this.last = Math.max(this.now() * 1000 + this.random(), this.last + 1)
    return String(this.last)
  }
}

/** One POST's answer: the envelope's `data` on success, else the vendor's code and words and whether they refuse the token. */
type Answer = { ok: true; data: unknown } | { ok: false; tokenRefused: boolean; errorCode: string; message: string }

/** One account's way to the vendor: its tokens, requestIds and codec. */
export class Kapi {
  readonly tokens: TokenCache
  readonly requestIds: RequestIds
  private readonly codec: DataCodec
  private readonly base: string
  private readonly now: () => number

  constructor(
    private readonly config: PiaozoneConfig,
    private readonly options: ClientOptions = {},
  ) {
    this.codec = makeCodec(config.dataCodec, config.aesKey)
    this.base = config.baseUrl.replace(/\/+$/, '')
    this.now = options.now ?? Date.now
    this.tokens = new TokenCache(() => this.issueAccessToken(), config.tokenRefreshMarginMs, this.now)
    this.requestIds = new RequestIds(this.now, options.random)
  }

  /** One kapi call at `path`: envelope, token, one retry with a fresh token if the token is refused in any form. Returns the decoded `data`. */
  async call(path: string, interfaceCode: string, data: unknown, opts: CallOptions): Promise<unknown> {
    const requestId = opts.requestId ?? this.requestIds.next()
    const started = performance.now()
    const envelope = {
      businessSystemCode: opts.businessSystemCode ?? this.config.businessSystemCode,
      interfaceCode,
      requestId,
      data: this.codec.encode(data),
    }
    let resultCode = '0000'
    let errorMessage: string | undefined
    try {
      for (let attempt = 1; ; attempt++) {
        const token = await this.tokens.get().catch((err: unknown) => {
          // Whatever went wrong with getAppToken/login, this call was not sent: say so, so nobody reconciles it.
          if (err instanceof AuthError || !(err instanceof PiaozoneError)) throw err
          const failure = err instanceof TransportError ? err.failure : 'no_token'
          throw new TransportError(failure, false, t('no access token, so {interfaceCode} was not sent: {message}', { interfaceCode, message: err.message }).en)
        })
        const answer = await this.post(interfaceCode, envelope, token, path)
        if (answer.ok) return this.codec.decode(answer.data ?? '')
        if (answer.tokenRefused) {
          this.tokens.invalidate(token)
          if (attempt === 1) {
            this.options.logger?.warn({ interfaceCode, requestId, errorCode: answer.errorCode }, 'piaozone refused the access token; refreshing it once')
            continue
          }
          throw new AuthError(answer.errorCode, answer.message, 'access_token')
        }
        const needsTaxLogin = this.config.taxLoginErrorCodes.includes(answer.errorCode) || this.config.taxLoginPattern.test(answer.message)
        throw new BusinessError(answer.errorCode, answer.message, interfaceCode, needsTaxLogin)
      }
    } catch (err) {
      resultCode = err instanceof BusinessError || err instanceof AuthError ? err.vendorCode : err instanceof PiaozoneError ? err.code : 'INTERNAL'
      errorMessage = err instanceof Error ? err.message : String(err)
      throw err
    } finally {
      const call = { interfaceCode, requestId, durationMs: Math.round(performance.now() - started), resultCode, errorMessage, context: opts.context }
      this.options.onCall?.(call)
      this.options.logger?.info({ interfaceCode, requestId, durationMs: call.durationMs, errorCode: resultCode }, 'piaozone call')
    }
  }

  /**
   * One POST of the envelope, read as success or refusal. A refused token may come as a configured code, a
   * message about the token (with an errorCode or with only `success: false`), or HTTP 401/403.
   */
  private async post(interfaceCode: string, envelope: object, token: string, path: string): Promise<Answer> {
    const url = new URL(`${this.base}${path}`)
    url.searchParams.set('access_token', token)
    let body: unknown
    try {
      body = await postJson(url, envelope, this.config)
    } catch (err) {
      if (err instanceof ProtocolError && err.httpStatus && TOKEN_HTTP_STATUSES.has(err.httpStatus)) {
        return { ok: false, tokenRefused: true, errorCode: `HTTP ${err.httpStatus}`, message: '' }
      }
      throw err
    }
    if (!isRecord(body)) throw new ProtocolError(t('{interfaceCode} answer is not a JSON object', { interfaceCode }).en)
    const errorCode = vendorText(body.errorCode) ?? ''
    const message = vendorText(body.message) ?? ''
    const success = readFlag(body.success)
    if (SUCCESS_CODES.has(errorCode) || (errorCode === '' && success === true)) return { ok: true, data: body.data }
    if (errorCode === '' && success !== false) throw new ProtocolError(t('{interfaceCode} answer has neither an errorCode nor success', { interfaceCode }).en)
    const tokenRefused = this.config.tokenErrorCodes.includes(errorCode) || TOKEN_MESSAGE.test(message)
    return { ok: false, tokenRefused, errorCode, message }
  }

  private async issueAccessToken(): Promise<IssuedToken> {
    const common = { accountId: this.config.accountId, ...(this.config.tenantId ? { tenantid: this.config.tenantId } : {}) }
    const app = await this.authCall('app_token', '/api/getAppToken.do', {
      appId: this.config.appId,
      // The vendor page spells it appSecret, its integration guide appSecuret: send both.
      appSecret: this.config.appSecret,
      appSecuret: this.config.appSecret,
      ...common,
      language: 'zh_CN',
    })
    const appToken = vendorText(app.app_token)
    if (!appToken) throw new ProtocolError(t('getAppToken.do answer has no app_token').en)
    const login = await this.authCall('login', '/api/login.do', {
      user: this.config.user,
      apptoken: appToken,
      usertype: this.config.userType,
      ...common,
    })
    const token = vendorText(login.access_token)
    if (!token) throw new ProtocolError(t('login.do answer has no access_token').en)
    // expire_time is epoch ms; if it is missing, assume the documented ~2 hours.
    const expiresAt = Number(login.expire_time) || this.now() + 2 * 3600_000
    return { token, expiresAt }
  }

  private async authCall(stage: 'app_token' | 'login', path: string, body: object): Promise<Record<string, unknown>> {
    const started = performance.now()
    let resultCode = '0'
    try {
      const answer = await postJson(new URL(`${this.base}${path}`), body, this.config)
      const data = isRecord(answer) ? answer.data : undefined
      if (!isRecord(data)) throw new ProtocolError(t('{path} answer has no data object', { path }).en)
      if (readFlag(data.success) === false || (data.error_code !== undefined && vendorText(data.error_code) !== '0')) {
        resultCode = vendorText(data.error_code) ?? 'unknown'
        throw new AuthError(resultCode, vendorText(data.error_desc) ?? '', stage)
      }
      return data
    } catch (err) {
      if (err instanceof PiaozoneError && !(err instanceof AuthError)) resultCode = err.code
      throw err
    } finally {
      const durationMs = Math.round(performance.now() - started)
      this.options.onCall?.({ interfaceCode: path.slice(5), requestId: '', durationMs, resultCode })
      this.options.logger?.info({ interfaceCode: path.slice(5), durationMs, errorCode: resultCode }, 'piaozone auth call')
    }
  }
}
