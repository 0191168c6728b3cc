// Everything the sandbox remembers: credentials and tokens, tax numbers, the invoice pool, tasks, fault rules
// (their kinds are in faults.ts) and the log of requests received. Tests reach it directly; the standalone sandbox exposes it under /__sandbox.
import { randomBytes } from 'node:crypto'
import type { DataCodecName } from '../piaozone/codec.ts'
import type { EntryMarkStatus, EtaxAccount } from '../piaozone/types.ts'
import type { Fault, FaultRule } from './faults.ts'
import { etaxAccounts, seedInvoices, seedTaxNumbers } from './seed.ts'

export interface SandboxCredentials {
  appId: string
  appSecret: string
  accountId: string
  tenantId: string
  user: string
  businessSystemCode: string
}

export interface TaxNoProfile {
  companyName: string
  /** invoiceRecorded answers 2002 (the 收票 channel cannot do 入账). */
  channelUnsupported?: boolean
  /** taxLogin answers needAuth + loginWebUrl until completeInteractiveLogin() is called. */
  needAuth?: boolean
  /** The tax-bureau session is gone: deduction calls ask to log in again until a taxLogin succeeds. */
  sessionExpired?: boolean
  /** What 设置类 3.4 (ALLE.ACCOUNT.CHECK) lists: by default one account, the default one, with 开票+收票 rights. */
  etaxAccounts: EtaxAccount[]
}

export interface PoolInvoice {
  taxNo: string
  invoiceNo: string
  invoiceCode: string
  invoiceType: string
  invoiceDate: string
  entryMarkStatus: EntryMarkStatus
  /** The pool's own id for the invoice (what `serilNo` probably is); made up when absent. */
  serialNo?: string
}

/** A vendor answer: its errorCode and Chinese message. */
export interface VendorAnswer {
  errorCode: string
  message: string
}

/**
 * Vendor behaviours the docs leave open, each one a mode a test can switch on. The defaults are kind; the
 * client must cope with every mode (docs/SANDBOX.md).
 */
export interface SandboxModes {
  /** How a dead access token is refused: an envelope code, only `success:false` and a message, or HTTP 401/403. */
  tokenRefusal: 'envelope' | 'success_false' | 'http_401' | 'http_403'
  /** Which spelling of the secret getAppToken reads. */
  appSecretField: 'either' | 'appSecret' | 'appSecuret'
  /** The answer to a deduction call whose tax-bureau session is gone. */
  sessionGone: VendorAnswer
  /** 4.17 on a task still processing: empty lists (null), or this refusal. */
  processingAnswer: VendorAnswer | null
  /** 4.17 answers 0201 (task not found) for this long after the task was created. */
  taskHiddenMs: number
  /** Each new read (page 1) of a finished task shows this many more results; 0: all at once. */
  resultsPerPoll: number
  /** At most `limit` 4.16 calls per `windowMs`; beyond, the `answer`. null: no throttling. */
  throttle: { limit: number; windowMs: number; answer: VendorAnswer } | null
  /** A kapi call whose requestId was seen before gets the first answer again, and nothing is done. */
  dedupeRequestIds: boolean
  /** How taxLogin writes needAuth (and loginType): boolean, 1/0, "1"/"0", "Y"/"N", or left out with only loginWebUrl. */
  flagStyle: 'boolean' | 'number' | 'string' | 'yn' | 'url_only'
  /** serilNo: echoed as sent, or the pool's own id (a different one sent is refused for that invoice). */
  serials: 'echo' | 'pool'
  /**
   * 设置类 3.4 (ALLE.ACCOUNT.CHECK): `data` as a plain list (its page), Base64/AES like the deduction interfaces
   * (`encoded`), or the interface not offered to this account (`unsupported`: an unknown-interface refusal).
   */
  accountCheck: 'list' | 'encoded' | 'unsupported'
}

export const KIND_MODES: SandboxModes = {
  tokenRefusal: 'envelope',
  appSecretField: 'either',
  sessionGone: { errorCode: '0301', message: '税局登录已失效，请重新登录' },
  processingAnswer: null,
  taskHiddenMs: 0,
  resultsPerPoll: 0,
  throttle: null,
  dedupeRequestIds: false,
  flagStyle: 'boolean',
  serials: 'echo',
  accountCheck: 'list',
}

export interface TaskItem {
  serialNo: string
  invoiceNo: string
  invoiceCode: string
  ok: boolean
  preEntryMarkStatus: string
  entryMarkStatus: string
  reason?: string
  invoiceType: string
  invoiceDate: string
}

export interface SandboxTask {
  taskNo: string
  taxNo: string
  items: TaskItem[]
  createdAt: number
  readyAt: number
  pollsUntilReady: number
  polls: number
  /** Results shown so far (modes.resultsPerPoll). */
  revealed: number
}

export interface LoggedRequest {
  at: number
  path: string
  hadAccessToken: boolean
  interfaceCode?: string
  requestId?: string
  businessSystemCode?: string
  /** The decoded `data`, or the auth body with its secret masked. */
  data?: unknown
  answerCode?: string
}

export interface SandboxOptions {
  credentials?: Partial<SandboxCredentials>
  dataCodec?: DataCodecName
  aesKey?: string
  tokenTtlMs?: number
  /** Tasks show results only after this long … */
  taskDelayMs?: number
  /** … and after this many polls of invoiceRecordedQuery. */
  taskPolls?: number
  maxBatchSize?: number
  /** Name of the reason field on failed 4.17 items (undocumented upstream). */
  failReasonField?: string
  /** Treat invoices missing from the pool as received and 未入账 (benchmarks submit invented ones). */
  acceptUnknownInvoices?: boolean
  /** Added to every call, like a distant vendor. */
  latencyMs?: number
  /** Vendor behaviours the docs leave open; unset ones are kind. */
  modes?: Partial<SandboxModes>
  now?: () => number
}

export class SandboxState {
  readonly credentials: SandboxCredentials
  readonly dataCodec: DataCodecName
  readonly aesKey: string
  tokenTtlMs: number
  taskDelayMs: number
  taskPolls: number
  maxBatchSize: number
  failReasonField: string
  acceptUnknownInvoices: boolean
  latencyMs: number
  modes: SandboxModes
  now: () => number

  /** businessSystemCodes configured in this 发票云 tenant (ERPs may have their own). */
  readonly businessSystemCodes = new Set<string>()
  readonly appTokens = new Map<string, number>()
  readonly accessTokens = new Map<string, number>()
  readonly taxNumbers = seedTaxNumbers()
  readonly invoices = new Map<string, PoolInvoice>()
  readonly tasks = new Map<string, SandboxTask>()
  faults: FaultRule[] = []
  readonly requests: LoggedRequest[] = []
  /** First answers by requestId (modes.dedupeRequestIds). */
  readonly answersByRequestId = new Map<string, Record<string, unknown>>()
  /** When recent 4.16 calls were accepted (modes.throttle). */
  submitTimes: number[] = []
  private taskCounter = 0

  constructor(options: SandboxOptions = {}) {
    this.credentials = {
      appId: 'sandbox-app',
      appSecret: 'sandbox-secret',
      accountId: 'sandbox-account',
      tenantId: 'sandbox',
      user: 'sandbox-user',
      businessSystemCode: 'ERP-SANDBOX',
      ...options.credentials,
    }
    this.dataCodec = options.dataCodec ?? 'base64'
    this.aesKey = options.aesKey ?? 'sandbox-aes-key'
    this.tokenTtlMs = options.tokenTtlMs ?? 2 * 3600_000
    this.taskDelayMs = options.taskDelayMs ?? 0
    this.taskPolls = options.taskPolls ?? 1
    this.maxBatchSize = options.maxBatchSize ?? 100
    this.failReasonField = options.failReasonField ?? 'errorMsg'
    this.acceptUnknownInvoices = options.acceptUnknownInvoices ?? false
    this.latencyMs = options.latencyMs ?? 0
    this.modes = { ...KIND_MODES, ...options.modes }
    this.now = options.now ?? Date.now
    this.businessSystemCodes.add(this.credentials.businessSystemCode)
    for (const inv of seedInvoices()) this.addInvoice(inv)
  }

  static invoiceKey(taxNo: string, invoiceNo: string, invoiceCode = ''): string {
    return `${taxNo}/${invoiceCode}/${invoiceNo}`
  }

  addInvoice(inv: PoolInvoice): void {
    this.invoices.set(SandboxState.invoiceKey(inv.taxNo, inv.invoiceNo, inv.invoiceCode), { serialNo: randomBytes(16).toString('hex'), ...inv })
  }

  getInvoice(taxNo: string, invoiceNo: string, invoiceCode = ''): PoolInvoice | undefined {
    const found = this.invoices.get(SandboxState.invoiceKey(taxNo, invoiceNo, invoiceCode))
    if (found || !this.acceptUnknownInvoices || !invoiceNo) return found
    this.addInvoice({ taxNo, invoiceNo, invoiceCode, invoiceType: invoiceCode ? '4' : '27', invoiceDate: '20251101', entryMarkStatus: '01' })
    return this.invoices.get(SandboxState.invoiceKey(taxNo, invoiceNo, invoiceCode))
  }

  profile(taxNo: string): TaxNoProfile {
    let p = this.taxNumbers.get(taxNo)
    if (!p) {
      p = { companyName: `沙箱企业${taxNo.slice(-4)}`, etaxAccounts: etaxAccounts(taxNo) }
      this.taxNumbers.set(taxNo, p)
    }
    return p
  }

  /** What a person finishing the SMS/QR step at loginWebUrl achieves. */
  completeInteractiveLogin(taxNo: string): void {
    const p = this.profile(taxNo)
    p.needAuth = false
    p.sessionExpired = false
  }

  newToken(kind: 'app' | 'access'): { token: string; expiresAt: number } {
    const token = `${kind}-${randomBytes(16).toString('hex')}`
    const expiresAt = this.now() + this.tokenTtlMs
    ;(kind === 'app' ? this.appTokens : this.accessTokens).set(token, expiresAt)
    return { token, expiresAt }
  }

  accessTokenValid(token: string | undefined): boolean {
    const expiresAt = token ? this.accessTokens.get(token) : undefined
    return expiresAt !== undefined && this.now() < expiresAt
  }

  invalidateTokens(): void {
    this.accessTokens.clear()
  }

  nextTaskNo(): string {
    this.taskCounter++
    return `RZ${this.now()}${String(this.taskCounter).padStart(6, '0')}`
  }

  /** The fault rules that fire for this call; counted rules are used up. */
  takeFaults(on: string): Fault[] {
    const fired: Fault[] = []
    for (const rule of this.faults) {
      if (rule.on && rule.on !== on) continue
      if (rule.skip) {
        rule.skip--
        continue
      }
      if (rule.rate !== undefined && Math.random() >= rule.rate) continue
      if (rule.times !== undefined) rule.times--
      fired.push(rule.fault)
    }
    this.faults = this.faults.filter((r) => r.times === undefined || r.times > 0)
    return fired
  }

  /** How many times the sandbox received one interfaceCode (e.g. to prove a task was submitted once). */
  count(interfaceCode: string): number {
    return this.requests.filter((r) => r.interfaceCode === interfaceCode).length
  }
}
