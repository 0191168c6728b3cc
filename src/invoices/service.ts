// The invoices service: what GET /v1/invoices (and its CSV), GET /v1/reports/entry-summary and GET
// /v1/invoices/{invoiceNo}/entry-status do, answered from the database (src/invoices/store.ts).
import { AppError, validationFailed } from '../errors.ts'
import { ENTRY_MARK_LABELS, isEntryMarkStatus, isRecorded } from '../piaozone/entry-mark.ts'
import { type Lang, t } from '../i18n/index.ts'
import { INVOICE_OUTCOMES, isUnfinished } from '../recording/statuses.ts'
import { type Caller, checkTaxNo } from '../tax-numbers/access.ts'
import { asText, CSV_BOM, csvLine } from './csv.ts'
import type { InvoiceFilter, InvoiceStateRow, InvoiceStore } from './store.ts'
import type { Static } from 'typebox'
import type { InvoiceQuery as InvoiceQuerySchema } from './schemas.ts'

/** GET /v1/invoices's query, as its schema says. */
export type InvoiceQuery = Static<typeof InvoiceQuerySchema>

/** The search's cursor: the last invoice of the previous page, as base64url JSON. */
function readCursor(cursor: string | undefined): InvoiceFilter['after'] {
  if (!cursor) return undefined
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {}
  if (!Array.isArray(key) || key.length !== 3 || !key.every((k) => typeof k === 'string')) throw validationFailed([{ field: 'cursor', rule: t('must be a nextCursor returned by this endpoint') }])
  return { taxNo: key[0], invoiceNo: key[1], invoiceCode: key[2] }
}

function invoiceStateView(r: InvoiceStateRow) {
  return {
    ...r,
    entryMarkLabel: isEntryMarkStatus(r.entryMarkStatus) ? ENTRY_MARK_LABELS[r.entryMarkStatus] : null,
    recorded: isRecorded(r.entryMarkStatus),
    submittedAt: r.submittedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }
}

/** The CSV's columns, in order: the JSON item's fields. */
const CSV_COLUMNS = [
  'taxNo', 'invoiceNo', 'invoiceCode', 'outcome', 'entryMarkStatus', 'entryMarkLabel', 'recorded', 'failReason', 'recordedTime', 'recordedPeriod',
  'taskId', 'taskStatus', 'reference', 'nextEntryMarkStatus', 'submittedAt', 'updatedAt',
] as const
/** The column headers of a CSV asked for in Chinese (lang=zh, or Accept-Language zh); the rows are the same. */
const CSV_HEADERS_ZH: Record<(typeof CSV_COLUMNS)[number], string> = {
  taxNo: '购方税号',
  invoiceNo: '发票号码',
  invoiceCode: '发票代码',
  outcome: '结果',
  entryMarkStatus: '入账状态',
  entryMarkLabel: '入账状态名称',
  recorded: '已入账',
  failReason: '失败原因',
  recordedTime: '入账时间',
  recordedPeriod: '入账期间',
  taskId: '任务 id',
  taskStatus: '任务状态',
  reference: 'ERP 单据号',
  nextEntryMarkStatus: '目标入账状态',
  submittedAt: '提交时间',
  updatedAt: '更新时间',
}
/** The columns of codes, written as text: Excel would drop the zero of 04512345 and of 02, or read 20251126 as a number. */
const CSV_CODES = new Set<string>(['taxNo', 'invoiceNo', 'invoiceCode', 'entryMarkStatus', 'recordedTime', 'recordedPeriod', 'nextEntryMarkStatus'])
const CSV_PAGE = 1000

export class InvoiceService {
  constructor(private readonly store: InvoiceStore) {}

  /** The caller's invoices in their latest known state, filtered, a page at a time in key order. */
  async invoices(query: InvoiceQuery, caller: Caller) {
    const { limit = 100, cursor, format: _json, lang: _lang, ...filter } = query
    if (filter.taxNo) checkTaxNo(caller, filter.taxNo)
    const rows = await this.store.searchInvoices(caller.clientId, { ...filter, after: readCursor(cursor) }, limit + 1)
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    return {
      items: page.map(invoiceStateView),
      nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([last.taxNo, last.invoiceNo, last.invoiceCode])).toString('base64url') : null,
    }
  }

  /**
   * Every invoice the search matches, as CSV lines for Excel, read a page of 1,000 at a time: memory stays flat
   * however many rows there are. A file name that says what it holds comes with it.
   */
  invoicesCsv(query: InvoiceQuery, caller: Caller, lang: Lang = 'en') {
    const { limit: _page, cursor, format: _csv, lang: _lang, ...filter } = query
    if (filter.taxNo) checkTaxNo(caller, filter.taxNo)
    const store = this.store
    let after = readCursor(cursor) // a bad cursor is a 400, before the 200 of a stream
    async function* lines() {
      yield CSV_BOM + csvLine(CSV_COLUMNS.map((c) => (lang === 'zh' ? CSV_HEADERS_ZH[c] : c)))
      for (;;) {
        const rows = await store.searchInvoices(caller.clientId, { ...filter, after }, CSV_PAGE)
        if (rows.length) {
          yield rows
            .map((r) => {
              const view = invoiceStateView(r)
              return csvLine(CSV_COLUMNS.map((c) => (CSV_CODES.has(c) ? asText(view[c]) : view[c])))
            })
            .join('')
        }
        if (rows.length < CSV_PAGE) return
        const last = rows[rows.length - 1]
        after = { taxNo: last.taxNo, invoiceNo: last.invoiceNo, invoiceCode: last.invoiceCode }
      }
    }
    const filename = `invoices-${filter.taxNo ?? 'all'}-${filter.recordedPeriod ?? new Date().toISOString().slice(0, 10).replace(/-/g, '')}.csv`
    return { filename, lines: lines() }
  }

  /** The month-end summary of a tax number: its invoices of the period by target and outcome, failures by reason. */
  async entrySummary(taxNo: string, recordedPeriod: string, caller: Caller) {
    checkTaxNo(caller, taxNo)
    const { counts, failures } = await this.store.entrySummary(caller.clientId, taxNo, recordedPeriod)
    const byTarget = new Map<string, { nextEntryMarkStatus: string; pending: number; succeeded: number; failed: number }>()
    for (const c of counts) {
      const row = byTarget.get(c.nextEntryMarkStatus) ?? { nextEntryMarkStatus: c.nextEntryMarkStatus, pending: 0, succeeded: 0, failed: 0 }
      row[c.outcome] += c.n
      byTarget.set(c.nextEntryMarkStatus, row)
    }
    return {
      taxNo,
      recordedPeriod,
      total: counts.reduce((sum, c) => sum + c.n, 0),
      byTarget: [...byTarget.values()],
      failures: failures.map((f) => ({ failReason: f.failReason, count: f.n })),
    }
  }

  /** The summary as CSV: one table, a row per target × outcome, then a row per failure reason. */
  static entrySummaryCsv(summary: Awaited<ReturnType<InvoiceService['entrySummary']>>, lang: Lang = 'en'): string {
    const rows = [
      csvLine(lang === 'zh' ? ['类别', '目标入账状态', '结果', '失败原因', '张数'] : ['kind', 'nextEntryMarkStatus', 'outcome', 'failReason', 'count']),
      ...summary.byTarget.flatMap((t) => INVOICE_OUTCOMES.map((o) => csvLine(['outcome', asText(t.nextEntryMarkStatus), o, null, t[o]]))),
      ...summary.failures.map((f) => csvLine(['failure', null, 'failed', f.failReason, f.count])),
    ]
    return CSV_BOM + rows.join('')
  }

  async entryStatus(invoiceNo: string, taxNo: string, invoiceCode: string, caller: Caller) {
    checkTaxNo(caller, taxNo)
    const [rows, changes] = await Promise.all([
      this.store.invoiceHistory(caller.clientId, taxNo, invoiceNo, invoiceCode),
      this.store.statusChanges(caller.clientId, taxNo, invoiceNo, invoiceCode),
    ])
    if (!rows.length) throw await this.invoiceNotFound(invoiceNo, taxNo, invoiceCode, caller)
    const status = rows.find((r) => r.entryMarkStatus)?.entryMarkStatus ?? null
    const pending = rows.find((r) => r.outcome === 'pending' && isUnfinished(r.status))
    return {
      taxNo,
      invoiceNo,
      invoiceCode,
      entryMarkStatus: status,
      entryMarkLabel: isEntryMarkStatus(status) ? ENTRY_MARK_LABELS[status] : null,
      recorded: isRecorded(status),
      redReversal: isRecorded(status)
        ? t('Recorded: the seller can no longer red-reverse (红冲) it alone; the buyer must confirm the 红字发票信息确认单.').en
        : t("Not recorded: the seller can still red-reverse (红冲) it without the buyer's confirmation.").en,
      pendingTaskId: pending?.taskId ?? null,
      history: rows.map((r) => ({
        taskId: r.taskId,
        nextEntryMarkStatus: r.nextEntryMarkStatus,
        outcome: r.outcome,
        preEntryMarkStatus: r.preEntryMarkStatus,
        entryMarkStatus: r.entryMarkStatus,
        failReason: r.failReason,
        updatedAt: r.updatedAt.toISOString(),
      })),
      changes: changes.map((c) => ({ ...c, at: c.at.toISOString() })),
      attempts: rows
        .filter((r) => r.outcome === 'failed')
        .map((r) => ({
          taskId: r.taskId,
          vendorTaskNo: r.vendorTaskNo,
          at: r.updatedAt.toISOString(),
          nextEntryMarkStatus: r.nextEntryMarkStatus,
          outcome: 'failed' as const,
          failReason: r.failReason,
          operator: r.operator,
          reason: r.reason,
        })),
    }
  }

  /** The 404 of an invoice asked under the wrong code (a legacy number without its code): it names the codes this client's invoices of the number have. */
  private async invoiceNotFound(invoiceNo: string, taxNo: string, invoiceCode: string, caller: Caller) {
    const invoice = `${invoiceCode ? `${invoiceCode}/` : ''}${invoiceNo}`
    const known = (await this.store.knownCodes(caller.clientId, taxNo, invoiceNo)).filter((c) => c !== invoiceCode).map((c) => c || 'empty')
    if (!known.length) return new AppError(404, 'INVOICE_NOT_FOUND', t('the gateway has never seen invoice {invoice} of {taxNo}', { invoice, taxNo }))
    const codes = known.join(' or ')
    return new AppError(404, 'INVOICE_NOT_FOUND', t('the gateway has never seen invoice {invoice} of {taxNo}; it knows invoice {invoiceNo} with invoiceCode {codes}', { invoice, taxNo, invoiceNo, codes }), {
      details: [{ field: 'query invoiceCode', rule: t('must be {codes} for invoice {invoiceNo}', { codes, invoiceNo }) }],
    })
  }
}
