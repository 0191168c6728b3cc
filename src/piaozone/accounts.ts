// Several piaozone accounts in one gateway: each serves its own tax numbers, with its own client (and so its own
// token cache and single-flight refresh). Every vendor call names a tax number, and goes to the account serving it;
// a call for a tax number no account serves is never sent. The single set of PIAOZONE_* variables is one account
// serving every tax number.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { taxNoProblem } from '../tax-numbers/tax-no.ts'
import { type CallOptions, type ClientOptions, PiaozoneClient, type PiaozoneConfig, RequestIds } from './client.ts'
import { AuthError, TransportError } from './errors.ts'
import { checkBaseUrl } from './http.ts'
import { errorMessage, isErrnoException, isRecord } from '../guards.ts'
import type { CallRecord, InvoiceRecordedRequest } from './types.ts'
import { t } from '../i18n/index.ts'

/** One account: its name (in metrics, logs and the call log), its settings, and the tax numbers it serves (undefined: all). */
export type AccountConfig = PiaozoneConfig & { name: string; taxNos?: string[] }

/** An account as the file or the PIAOZONE_* variables give it, before the client-wide settings (timeouts…) are added. */
export type AccountSettings = Pick<
  AccountConfig,
  'name' | 'baseUrl' | 'appId' | 'appSecret' | 'accountId' | 'tenantId' | 'user' | 'userType' | 'businessSystemCode' | 'dataCodec' | 'aesKey' | 'taxNos'
>

/** The name of the account the single set of PIAOZONE_* variables makes. */
export const DEFAULT_ACCOUNT = 'default'

export interface Account {
  name: string
  client: PiaozoneClient
}

export class PiaozoneAccounts {
  /** requestIds for batches, one sequence for the process whatever the account (src/recording/plan.ts). */
  readonly requestIds: RequestIds
  readonly all: Account[]
  private readonly byTaxNo = new Map<string, Account>()
  private readonly everyTaxNo: Account | undefined

  /** @param onCall told of every call with the account that made it. */
  constructor(configs: AccountConfig[], options: Omit<ClientOptions, 'onCall'> & { onCall?: (call: CallRecord & { account: string }) => void } = {}) {
    this.requestIds = new RequestIds(options.now, options.random)
    this.all = configs.map((c) => ({
      name: c.name,
      client: new PiaozoneClient(c, { ...options, onCall: (call) => options.onCall?.({ ...call, account: c.name }) }),
    }))
    configs.forEach((c, i) => {
      for (const taxNo of c.taxNos ?? []) this.byTaxNo.set(taxNo, this.all[i])
    })
    this.everyTaxNo = this.all.find((_, i) => configs[i].taxNos === undefined)
  }

  /** The account serving `taxNo`, or undefined when none does. */
  accountFor(taxNo: string): Account | undefined {
    return this.byTaxNo.get(taxNo) ?? this.everyTaxNo
  }

  private client(taxNo: string, interfaceCode: string): PiaozoneClient {
    const account = this.accountFor(taxNo)
    // Not sent, so retrying is safe: it works once an operator adds the tax number to an account and restarts.
    if (!account) throw new TransportError('no_account', false, t('no piaozone account of this gateway serves tax number {taxNo}, so {interfaceCode} was not sent', { taxNo, interfaceCode }).en)
    return account.client
  }

  taxLogin(taxNo: string, opts?: CallOptions) {
    return this.client(taxNo, 'taxLogin').taxLogin(taxNo, opts)
  }

  invoiceRecorded(request: InvoiceRecordedRequest, opts?: CallOptions) {
    return this.client(request.taxNo, 'invoiceRecorded').invoiceRecorded(request, opts)
  }

  invoiceRecordedQueryAll(query: { taxNo: string; taskNo: string; pageSize?: number }, opts?: CallOptions) {
    return this.client(query.taxNo, 'invoiceRecordedQuery').invoiceRecordedQueryAll(query, opts)
  }

  accountCheck(taxNo: string, opts?: CallOptions) {
    return this.client(taxNo, 'ALLE.ACCOUNT.CHECK').accountCheck(taxNo, opts)
  }

  /**
   * Tries each account's app token and login (getAppToken.do, login.do) now, so wrong credentials show at start
   * rather than as the first task's UPSTREAM_AUTH. The token got is kept for the calls that follow.
   */
  checkCredentials(): Promise<CredentialCheck[]> {
    return Promise.all(
      this.all.map(async ({ name, client }): Promise<CredentialCheck> => {
        try {
          await client.tokens.get()
          return { account: name, result: 'accepted', detail: 'app token and login accepted' }
        } catch (err) {
          if (err instanceof AuthError) {
            const where = err.stage === 'app_token' ? 'getAppToken.do' : 'login.do'
            const detail = `${where} refused the credentials: ${err.vendorCode} ${err.vendorMessage}; ${credentialFix(err)}`
            return { account: name, result: 'refused', detail, vendorCode: err.vendorCode, vendorMessage: err.vendorMessage }
          }
          return { account: name, result: 'error', detail: `credentials not checked, piaozone could not be asked: ${errorMessage(err)}` }
        }
      }),
    )
  }
}

export interface CredentialCheck {
  account: string
  /** error: piaozone could not be reached or its answer read, so nothing is known of the credentials. */
  result: 'accepted' | 'refused' | 'error'
  /** In words, with the vendor's and what to do about a refusal. */
  detail: string
  vendorCode?: string
  vendorMessage?: string
}

/**
 * What the integration guide says to do about refused credentials. The vendor's codes are undocumented, so its
 * words choose the advice; when they name nothing known, every likely cause at that stage is given.
 */
function credentialFix(err: AuthError): string {
  const accountId = "wrong accountId? use the data centre's id (数据中心 id)"
  const app = 'wrong appId/appSecret? regenerate them in 发票云 under 开放服务云 → OpenApi → 第三方应用'
  const user = 'wrong user? it must be a user of that data centre, of the user type given (UserName or Mobile)'
  if (/accountId|数据中心/i.test(err.vendorMessage)) return accountId
  if (err.stage === 'app_token') return /appId|appSecret|应用|secret/i.test(err.vendorMessage) ? app : `${accountId}; ${app}`
  return /user|用户/i.test(err.vendorMessage) ? user : `${accountId}; ${user}`
}

const FIELDS = ['name', 'baseUrl', 'appId', 'appSecret', 'appSecretFile', 'accountId', 'tenantId', 'user', 'userType', 'businessSystemCode', 'dataCodec', 'aesKey', 'aesKeyFile', 'taxNos']
const NAME = /^[A-Za-z0-9._-]{1,64}$/

/**
 * Reads PIAOZONE_ACCOUNTS_FILE: `{ "accounts": [ { name, baseUrl, appId, appSecret | appSecretFile, accountId, tenantId?,
 * user, userType?, businessSystemCode, dataCodec?, aesKey | aesKeyFile, taxNos } ] }`. Returns the accounts, or every
 * problem found, each naming the account and the field; a secret's value is never part of a problem.
 * A *File path is read relative to the accounts file.
 */
export function readAccountsFile(file: string): { accounts: AccountSettings[]; problems: string[] } {
  const problems: string[] = []
  let doc: unknown
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    const why = isErrnoException(err) ? `cannot be read (${err.code})` : `is not JSON (${errorMessage(err)})`
    return { accounts: [], problems: [`PIAOZONE_ACCOUNTS_FILE=${file}: ${why}`] }
  }
  const list = isRecord(doc) ? doc.accounts : undefined
  if (!Array.isArray(list) || list.length === 0) return { accounts: [], problems: [`PIAOZONE_ACCOUNTS_FILE=${file}: must be { "accounts": [ … ] } with at least one account`] }
  const accounts: AccountSettings[] = []
  const servedBy = new Map<string, string>()
  list.forEach((raw, i) => {
    // An entry that is a list is read as an object too: its indexes are reported as unknown fields.
    const a: Record<string, unknown> = raw !== null && typeof raw === 'object' ? { ...raw } : {}
    const label = `account ${typeof a.name === 'string' && a.name ? `'${a.name}'` : `#${i + 1}`}`
    const problem = (field: string, rule: string) => problems.push(`PIAOZONE_ACCOUNTS_FILE ${label}: ${field} ${rule}`)
    const text = (field: string, required: boolean): string | undefined => {
      const v = a[field]
      if (v === undefined || v === '') {
        if (required) problem(field, 'is required')
        return undefined
      }
      if (typeof v !== 'string') problem(field, 'must be a string')
      return typeof v === 'string' ? v.trim() : undefined
    }
    const secret = (field: string, required: boolean): string | undefined => {
      const inline = text(field, false)
      const fileName = text(`${field}File`, false)
      if (inline && fileName) problem(field, `and ${field}File are both given; give one`)
      if (fileName) {
        try {
          const value = readFileSync(path.resolve(path.dirname(file), fileName), 'utf8').trim()
          if (!value) problem(`${field}File`, 'names an empty file')
          return value || undefined
        } catch (err) {
          problem(`${field}File`, `cannot be read (${isErrnoException(err) ? err.code : errorMessage(err)})`)
          return undefined
        }
      }
      if (!inline && required) problem(field, `is required (or ${field}File, a file holding it)`)
      return inline
    }
    for (const key of Object.keys(a)) if (!FIELDS.includes(key)) problem(key, `is not a known field (known: ${FIELDS.join(', ')})`)
    const name = text('name', true)
    if (name && !NAME.test(name)) problem('name', 'must be 1–64 letters, digits, ".", "_" or "-"')
    if (name && accounts.some((b) => b.name === name)) problem('name', 'is used by another account')
    const baseUrl = text('baseUrl', true)
    const urlProblem = baseUrl && checkBaseUrl(baseUrl)
    if (urlProblem) problem('baseUrl', urlProblem)
    /** One of `allowed` (the first when absent); another value is a problem, and the first stands in for it. */
    const choice = <T extends string>(field: string, allowed: readonly [T, ...T[]]): T => {
      const value = text(field, false) ?? allowed[0]
      const found = allowed.find((option) => option === value)
      if (found === undefined) problem(field, `must be ${allowed.join(' or ')}`)
      return found ?? allowed[0]
    }
    const userType = choice('userType', ['UserName', 'Mobile'])
    const dataCodec = choice('dataCodec', ['base64', 'aes'])
    const settings: AccountSettings = {
      name: name ?? `#${i + 1}`,
      baseUrl: baseUrl ?? '',
      appId: text('appId', true) ?? '',
      appSecret: secret('appSecret', true) ?? '',
      accountId: text('accountId', true) ?? '',
      tenantId: text('tenantId', false),
      user: text('user', true) ?? '',
      userType,
      businessSystemCode: text('businessSystemCode', true) ?? '',
      dataCodec,
      aesKey: secret('aesKey', dataCodec === 'aes'),
      taxNos: [],
    }
    if (!Array.isArray(a.taxNos) || a.taxNos.length === 0) problem('taxNos', 'must be a list of the tax numbers this account serves, at least one')
    for (const t of Array.isArray(a.taxNos) ? a.taxNos : []) {
      const bad = typeof t === 'string' ? taxNoProblem(t)?.en : 'must be a string'
      if (bad) problem('taxNos', `${JSON.stringify(t)}: ${bad}`)
      else if (servedBy.get(t) === settings.name) continue
      else if (servedBy.has(t)) problem('taxNos', `${t} is served by account '${servedBy.get(t)}' too; a tax number has one account`)
      else {
        servedBy.set(t, settings.name)
        settings.taxNos?.push(t)
      }
    }
    accounts.push(settings)
  })
  return { accounts, problems }
}
