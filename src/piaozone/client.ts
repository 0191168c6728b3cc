// The piaozone facade: the three 税局 operations and the settings check, their answers read into typed results.
// How a call is sent (envelope, tokens, requestIds) is src/piaozone/kapi.ts. Knows nothing of our HTTP routes or
// database; callers get typed results or a PiaozoneError.
import { readFlag, vendorText } from './codec.ts'
import { ProtocolError } from './errors.ts'
import { type CallOptions, type ClientOptions, Kapi, type PiaozoneConfig, type RequestIds } from './kapi.ts'
import type { TokenCache } from './tokens.ts'
import { isRecord, recordOrEmpty } from '../guards.ts'
import { t } from '../i18n/index.ts'
import type { EtaxAccount, InvoiceRecordedRequest, RecordedOutcome, RecordedQueryPage, TaxLoginResult } from './types.ts'

// The vendor client's whole surface is imported from here, wherever its parts are written.
export { type CallOptions, type ClientLogger, type ClientOptions, DEFAULT_TAX_LOGIN_PATTERN, type PiaozoneConfig, RequestIds } from './kapi.ts'

const DEDUCTION_PATH = '/kapi/app/rim/deduction'
/** 设置类 interfaces (3.4 ALLE.ACCOUNT.CHECK) have their own path; the envelope is assumed the same (docs/PIAOZONE.md §10). */
const SETTINGS_PATH = '/kapi/app/sim/openApi'

/** The object an answer's `data` is, or an empty one: every field the client reads is optional. */

export class PiaozoneClient {
  readonly tokens: TokenCache
  readonly requestIds: RequestIds
  private readonly kapi: Kapi

  constructor(config: PiaozoneConfig, options: ClientOptions = {}) {
    this.kapi = new Kapi(config, options)
    this.tokens = this.kapi.tokens
    this.requestIds = this.kapi.requestIds
  }

  async taxLogin(taxNo: string, opts: CallOptions = {}): Promise<TaxLoginResult> {
    const data = recordOrEmpty(await this.kapi.call(DEDUCTION_PATH, 'taxLogin', { taxNo }, opts))
    const loginWebUrl = vendorText(data.loginWebUrl) || undefined
    return {
      loginType: vendorText(data.loginType),
      // A page where a person must finish the login means a person must act, whatever the flag says.
      needAuth: readFlag(data.needAuth) === true || Boolean(loginWebUrl),
      loginWebUrl,
      companyName: vendorText(data.companyName),
      taxNo: vendorText(data.taxNo),
      raw: data,
    }
  }

  /** 4.16: creates the vendor's batch task and returns its task number. */
  async invoiceRecorded(request: InvoiceRecordedRequest, opts: CallOptions = {}): Promise<{ taskNo: string }> {
    const data = {
      taxNo: request.taxNo,
      nextEntryMarkStatus: request.nextEntryMarkStatus,
      // The guide spells the serial `serilNo`, 4.17 answers `serialNo`; which one the server reads is
      // undocumented, so both carry the same value. No serial (PIAOZONE_SERIAL_WHEN_MISSING=omit): neither key.
      invoices: request.invoices.map((i) => ({
        ...(i.serialNo === undefined ? {} : { serilNo: i.serialNo, serialNo: i.serialNo }),
        invoiceNo: i.invoiceNo,
        invoiceCode: i.invoiceCode ?? '',
        recordedTime: i.recordedTime,
        recordedPeriod: i.recordedPeriod,
      })),
    }
    const answer = await this.kapi.call(DEDUCTION_PATH, 'invoiceRecorded', data, opts)
    const taskNo = findTaskNo(answer)
    // The vendor has a task we cannot name: the caller must treat the send as one of unknown fate.
    if (!taskNo) throw new ProtocolError(t('invoiceRecorded succeeded but its answer carries no task number').en)
    return { taskNo }
  }

  /** 4.17: one page of a task's results. */
  async invoiceRecordedQuery(
    query: { taxNo: string; taskNo: string; pageNo: number; pageSize: number },
    opts: CallOptions = {},
  ): Promise<RecordedQueryPage> {
    const data = recordOrEmpty(await this.kapi.call(DEDUCTION_PATH, 'invoiceRecordedQuery', query, opts))
    const items = (v: unknown, failed: boolean) => (Array.isArray(v) ? v : []).map((x) => toOutcome(x, failed))
    return { success: items(data.success, false), fail: items(data.fail, true) }
  }

  /**
   * 设置类 3.4: the tax number's e-tax (电子税局) accounts in 发票云, with their rights and which is the default. The answer's
   * `data` is a list per the vendor page; an object holding the list is accepted too.
   */
  async accountCheck(taxNo: string, opts: CallOptions = {}): Promise<EtaxAccount[]> {
    const data = await this.kapi.call(SETTINGS_PATH, 'ALLE.ACCOUNT.CHECK', { taxno: taxNo }, opts)
    const list = Array.isArray(data) ? data : (Object.values(recordOrEmpty(data)).find(Array.isArray) ?? [])
    return list.map((item) => {
      const r = recordOrEmpty(item)
      return {
        etaxAccount: vendorText(r.etaxAccount) ?? '',
        etaxAccountType: vendorText(r.etaxAccountType) ?? '',
        defaultFlag: vendorText(r.defaultFlag) ?? '',
        defaultType: vendorText(r.defaultType) ?? '',
      }
    })
  }

  /** Reads every page of a task's results. The vendor reports no totals, so a short page is the last one. */
  async invoiceRecordedQueryAll(query: { taxNo: string; taskNo: string; pageSize?: number }, opts: CallOptions = {}): Promise<RecordedQueryPage> {
    const pageSize = query.pageSize ?? 200
    const all: RecordedQueryPage = { success: [], fail: [] }
    for (let pageNo = 1; pageNo <= 10_000; pageNo++) {
      const page = await this.invoiceRecordedQuery({ taxNo: query.taxNo, taskNo: query.taskNo, pageNo, pageSize }, { ...opts, requestId: undefined })
      all.success.push(...page.success)
      all.fail.push(...page.fail)
      if (page.success.length + page.fail.length < pageSize) break
    }
    return all
  }
}

/** The task number's place in the 4.16 answer is undocumented: look where it plausibly sits. */
function findTaskNo(answer: unknown): string | undefined {
  const direct = vendorText(answer)
  if (direct) return direct
  if (!isRecord(answer)) return undefined
  for (const key of ['taskNo', 'taskno', 'taskId', 'task_no']) {
    const found = vendorText(answer[key])
    if (found) return found
  }
  return undefined
}

const KNOWN_ITEM_FIELDS = new Set([
  'serialNo', 'serilNo', 'invoiceType', 'invoiceCode', 'etaxInvoiceNo', 'invoiceNo', 'invoiceDate',
  'preEntryMarkStatus', 'entryMarkStatus',
])

function toOutcome(value: unknown, failed: boolean): RecordedOutcome {
  const raw = recordOrEmpty(value)
  const s = (k: string) => vendorText(raw[k])
  // A failed item carries one more field, its reason, whose name is undocumented: take the first unknown one.
  const reasonKey = failed ? Object.keys(raw).find((k) => !KNOWN_ITEM_FIELDS.has(k) && vendorText(raw[k])) : undefined
  return {
    serialNo: s('serialNo') ?? s('serilNo') ?? '',
    invoiceNo: s('invoiceNo') ?? '',
    invoiceCode: s('invoiceCode') ?? '',
    invoiceType: s('invoiceType'),
    invoiceDate: s('invoiceDate'),
    etaxInvoiceNo: s('etaxInvoiceNo'),
    preEntryMarkStatus: s('preEntryMarkStatus'),
    entryMarkStatus: s('entryMarkStatus'),
    failReason: reasonKey ? s(reasonKey) : undefined,
    raw,
  }
}
