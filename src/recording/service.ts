// The recording service: what the /v1 routes do. Stores a task before the vendor hears of it (the worker
// submits it), and answers questions from the database.
import { AppError, validationFailed, type Problem } from '../errors.ts'
import type { Prisma } from '../generated/prisma/client.ts'
import type { PiaozoneAccounts } from '../piaozone/accounts.ts'
import { ENTRY_MARK_LABELS, isEntryMarkStatus, isRecorded, TRANSITIONS } from '../piaozone/entry-mark.ts'
import type { InvoiceFilter, InvoiceStateRow, InvoiceView, RecordingRepository, TaskRow, TaskViewRow } from './repository.ts'
import { newestFirstCursor, readNewestFirstCursor } from '../cursor.ts'
import { asText, CSV_BOM, csvLine } from './csv.ts'
import { CANCELLABLE, INVOICE_OUTCOMES, isUnfinished } from './statuses.ts'
import type { SubmitBody } from './schemas.ts'
import { taxNoWarning } from '../tax-numbers/tax-no.ts'
import { hashRequest, planTask, type SerialWhenMissing, storedTask } from './plan.ts'
import { type FinishedTaskViews, TASK_CHANGED_CHANNEL } from './view-cache.ts'
import { invoiceKey, validateSubmission } from './validate.ts'
import { type Lang, messageIn, t } from '../i18n/index.ts'
import { type Caller, checkServed, checkTaxNo } from '../tax-numbers/access.ts'


export interface ListFilter {
  taxNo?: string
  status?: string
  reference?: string
  createdFrom?: string
  createdTo?: string
  limit?: number
  cursor?: string
}


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const iso = (d: Date | null) => (d ? d.toISOString() : null)

export function taskView(
  task: Pick<TaskRow, 'id' | 'status' | 'taxNo' | 'nextEntryMarkStatus' | 'reference' | 'requestId' | 'invoiceCount' | 'retryOf' | 'operator' | 'reason' | 'createdAt' | 'updatedAt' | 'finishedAt'> & {
    error: unknown
  },
  counts: Record<string, number>,
  vendorTaskNos: string[],
) {
  return {
    id: task.id,
    status: task.status,
    taxNo: task.taxNo,
    nextEntryMarkStatus: task.nextEntryMarkStatus,
    reference: task.reference,
    requestId: task.requestId,
    counts: { total: task.invoiceCount, pending: counts.pending ?? 0, succeeded: counts.succeeded ?? 0, failed: counts.failed ?? 0 },
    vendorTaskNos,
    error: (task.error as any) ?? null,
    retryOf: task.retryOf,
    operator: task.operator,
    reason: task.reason,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    finishedAt: iso(task.finishedAt),
  }
}

/** A task with every invoice, as GET shows it (read in one statement, or just written by a submit). */
export function fullTaskView(task: Omit<TaskViewRow, 'clientId' | 'sentAt' | 'invoicesJson' | 'counts'> & { invoices: InvoiceView[] }) {
  const counts = { pending: 0, succeeded: 0, failed: 0 }
  for (const i of task.invoices) counts[i.outcome]++
  return { ...taskView(task, counts, task.vendorTaskNos), retries: task.retries, invoices: task.invoices }
}

export type { SerialWhenMissing } from './plan.ts'

export type InvoiceQuery = Omit<InvoiceFilter, 'after'> & { limit?: number; cursor?: string; format?: 'json' | 'csv'; lang?: Lang }

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

/** A unique violation (23505) on the batches' requestId: another instance drew the same one. */
const isRequestIdCollision = (err: unknown) => (err as { code?: string })?.code === '23505' && (err as { constraint?: string }).constraint === 'VendorBatch_requestId_key'

export interface SubmitOptions {
  idempotencyKey?: string
  /** Store the task leased to this worker, which takes it at once (a task accepted here starts here). */
  handoff?: { token: string; leaseMs: number }
  /** The task whose failed invoices this submission retries. */
  retryOf?: string
}

export class RecordingService {
  constructor(
    private readonly repo: RecordingRepository,
    private readonly vendor: PiaozoneAccounts,
    private readonly options: { batchSize: number; serialWhenMissing: SerialWhenMissing },
    private readonly views: FinishedTaskViews,
  ) {}

  /**
   * Validates and durably stores a submission. Returns the task, whether it is an idempotent replay, the stored row
   * when it was stored leased to `opts.handoff` (this process's worker, which then takes it at once), and warnings about
   * input that is allowed but probably not what the ERP meant.
   */
  async submit(body: SubmitBody, caller: Caller, opts: SubmitOptions = {}) {
    const problems = validateSubmission(body)
    if (problems.length) throw validationFailed(problems)
    checkTaxNo(caller, body.taxNo)
    checkServed(this.vendor, body.taxNo)
    const taxNoDoubt = taxNoWarning(body.taxNo)
    const warnings = taxNoDoubt ? [{ field: 'taxNo', rule: taxNoDoubt }] : []
    // Batch requestIds never repeat in this process; the unique index catches the rare draw another instance
    // made in the same millisecond, and the submission is simply stored again with new ones.
    for (let attempt = 1; ; attempt++) {
      try {
        return { ...(await this.store(body, caller, opts)), warnings }
      } catch (err) {
        if (attempt >= 3 || !isRequestIdCollision(err)) throw err
      }
    }
  }

  private async store(body: SubmitBody, caller: Caller, { idempotencyKey, handoff, retryOf }: SubmitOptions) {
    const requestHash = hashRequest(body)
    const invoiceNos = body.invoices.map((i) => i.invoiceNo)

    const outcome = await this.repo.sql.transaction(async (tx) => {
      if (idempotencyKey) {
        // A second request with the key while the first is still being stored gets 409, not a wait.
        if (!(await this.repo.tryLock(tx, `idem:${caller.clientId}:${idempotencyKey}`))) {
          throw new AppError(409, 'IDEMPOTENCY_IN_PROGRESS', t('a request with this Idempotency-Key is still being processed; retry shortly'))
        }
        const existing = await this.repo.findByIdempotencyKey(tx, caller.clientId, idempotencyKey)
        if (existing && existing.requestHash !== requestHash) {
          throw new AppError(422, 'IDEMPOTENCY_CONFLICT', t('this Idempotency-Key was used with a different request body: use a new key for a new request, or GET the task'), { taskId: existing.id })
        }
        if (existing) return { id: existing.id, replayed: true }
      }
      // One submission per tax number at a time, so two cannot both claim the same invoice.
      await this.repo.lock(tx, `tax:${body.taxNo}`)
      const wanted = new Map(body.invoices.map((inv, i) => [invoiceKey(inv.invoiceNo, inv.invoiceCode), i]))
      const rows = (await this.repo.invoicesInTasks(tx, body.taxNo, invoiceNos)).filter((r) => wanted.has(invoiceKey(r.invoiceNo, r.invoiceCode)))
      // The caller's own problems first: what it may learn of other clients' tasks comes only after its request is
      // otherwise fine. Only this client's own history counts as knowledge (isolation); rows come newest first.
      const transitionProblems = this.impossibleTransitions(body, rows.filter((r) => r.clientId === caller.clientId && r.entryMarkStatus))
      if (transitionProblems.length) throw validationFailed(transitionProblems)
      // The tax bureau's state of an invoice is shared by every client acting for the tax number, so an
      // invoice in anyone's unfinished task is refused; another client's task is not named (isolation).
      const busy = rows.filter((r) => r.outcome === 'pending' && isUnfinished(r.taskStatus))
      if (busy.length) {
        const where = (r: (typeof busy)[number]) => (r.clientId === caller.clientId ? t('unfinished task {taskId}', { taskId: r.taskId }) : t('an unfinished task of another client'))
        const details = busy.map((r) => ({ field: `invoices[${wanted.get(invoiceKey(r.invoiceNo, r.invoiceCode))}].invoiceNo`, rule: t('already in {where}', { where: where(r) }) }))
        const own = busy.find((r) => r.clientId === caller.clientId)
        throw new AppError(409, 'INVOICE_IN_UNFINISHED_TASK', t('invoice(s) already in {where}', { where: where(own ?? busy[0]) }), own ? { details, taskId: own.taskId } : { details })
      }

      const plan = planTask(body, caller, { idempotencyKey, handoff, retryOf, requestHash, ...this.options }, this.vendor.requestIds)
      const { task, invoices } = plan
      await this.repo.createTask(tx, task, plan.batches, invoices)
      // The task it retries lists this one among its retries now: its cached answer is stale in every process.
      // NOTIFY in the transaction is delivered when it commits, and only then.
      if (retryOf) await this.repo.notify(tx, TASK_CHANGED_CHANNEL, retryOf)
      // The answer is built from what was written: no second read of a task that was just stored.
      return {
        replayed: false,
        stored: {
          ...task,
          vendorTaskNos: [],
          retries: [],
          invoices: invoices.map((i) => ({
            index: i.idx, serialNo: i.serialNo, invoiceNo: i.invoiceNo, invoiceCode: i.invoiceCode, recordedTime: i.recordedTime, recordedPeriod: i.recordedPeriod,
            outcome: 'pending' as const, preEntryMarkStatus: null, entryMarkStatus: null, failReason: null, invoiceType: null, invoiceDate: null, etaxInvoiceNo: null,
          })),
        },
        id: task.id,
        row: handoff ? storedTask(plan) : undefined,
      }
    })
    if (outcome.stored) {
      if (retryOf) this.views.forget(retryOf)
      return { task: fullTaskView(outcome.stored), replayed: false, handedOff: outcome.row }
    }
    return { task: await this.get(outcome.id), replayed: true, handedOff: undefined }
  }

  /** A stalled task goes back to work: due now, its progress clock restarted. 409 unless it is stalled. */
  async resume(id: string, caller: Caller) {
    const task = await this.get(id, caller)
    if (!(await this.repo.resume(id))) throw new AppError(409, 'TASK_NOT_STALLED', t('task {id} is {status}; only a stalled task can be resumed', { id, status: task.status }), { taskId: id })
    return this.get(id, caller)
  }

  /**
   * Cancels a task none of whose batches has left for the vendor: it becomes `cancelled` and no worker ever sends
   * it. 409, saying why, once something was sent or the task is not in a cancellable state.
   */
  async cancel(id: string, caller: Caller) {
    const task = await this.get(id, caller)
    if (await this.repo.cancel(id, [...CANCELLABLE])) return this.get(id, caller)
    const now = await this.repo.taskView(id)
    const why = now?.sentAt
      ? t('its invoices were sent to piaozone at {sentAt}, and the vendor may act on them; it goes on to its end', { sentAt: now.sentAt.toISOString() })
      : t('it is {status}', { status: now?.status ?? task.status })
    throw new AppError(409, 'TASK_NOT_CANCELLABLE', t('task {id} cannot be cancelled: {why}', { id, why }), { taskId: id })
  }

  /**
   * A new task with just the failed invoices of a finished one: same tax number, target status and reference,
   * linked both ways (retryOf / retries). 409 while the task is unfinished or when nothing failed.
   */
  async retryFailed(id: string, caller: Caller, handoff?: SubmitOptions['handoff']) {
    const task = await this.get(id, caller)
    if (isUnfinished(task.status) || task.status === 'cancelled') {
      throw new AppError(409, 'TASK_UNFINISHED', t('task {id} is {status}; its failed invoices can be retried once it has finished', { id, status: task.status }), { taskId: id })
    }
    const failed = task.invoices.filter((i) => i.outcome === 'failed')
    if (!failed.length) throw new AppError(409, 'NOTHING_FAILED', t('no invoice of task {id} failed; there is nothing to retry', { id }), { taskId: id })
    const body = {
      taxNo: task.taxNo,
      nextEntryMarkStatus: task.nextEntryMarkStatus as SubmitBody['nextEntryMarkStatus'],
      ...(task.reference ? { reference: task.reference } : {}),
      invoices: failed.map((i) => ({
        ...(i.serialNo ? { serialNo: i.serialNo } : {}),
        invoiceNo: i.invoiceNo,
        invoiceCode: i.invoiceCode,
        recordedTime: i.recordedTime,
        recordedPeriod: i.recordedPeriod,
      })),
    }
    return this.submit(body, caller, { retryOf: id, handoff })
  }

  private impossibleTransitions(body: SubmitBody, known: { invoiceNo: string; invoiceCode: string; entryMarkStatus: string | null }[]): Problem[] {
    const latest = new Map<string, string>()
    for (const k of known) {
      const key = invoiceKey(k.invoiceNo, k.invoiceCode)
      if (!latest.has(key) && k.entryMarkStatus) latest.set(key, k.entryMarkStatus)
    }
    const problems: Problem[] = []
    body.invoices.forEach((inv, i) => {
      const current = latest.get(invoiceKey(inv.invoiceNo, inv.invoiceCode))
      if (isEntryMarkStatus(current) && !TRANSITIONS[current].includes(body.nextEntryMarkStatus)) {
        problems.push({
          field: `invoices[${i}].invoiceNo`,
          rule: t('the invoice is {current} ({label}); the tax bureau allows {current} → {allowed} only', { current, label: ENTRY_MARK_LABELS[current], allowed: TRANSITIONS[current].join('|') }),
        })
      }
    })
    return problems
  }

  async get(id: string, caller?: Caller) {
    const task = await this.read(id, caller)
    return fullTaskView({ ...task, invoices: JSON.parse(task.invoicesJson) })
  }

  /**
   * GET's answer as JSON text: the task's own fields serialized by `serialize` (the route's response schema), its
   * invoices spliced in as Postgres rendered them. Parsing and serializing 100 invoices again was most of a read's
   * CPU. Also returns the status, which decides whether the answer may be cached.
   */
  async getJson(id: string, caller: Caller, serialize: (task: ReturnType<typeof fullTaskView>) => string, lang: Lang = 'en') {
    const task = await this.read(id, caller)
    const view = fullTaskView({ ...task, error: messageIn(task.error, lang), invoices: [] })
    view.counts = { total: task.invoiceCount, ...task.counts }
    const head = serialize(view)
    // The schema puts invoices last (src/recording/schemas.ts, fullTaskFields).
    const empty = '"invoices":[]}'
    if (!head.endsWith(empty)) throw new Error('the task schema no longer serializes invoices last')
    return { status: task.status, body: `${head.slice(0, -empty.length)}"invoices":${task.invoicesJson}}` }
  }

  private async read(id: string, caller?: Caller) {
    const task = await this.repo.taskView(id)
    if (!task || (caller && task.clientId !== caller.clientId)) throw new AppError(404, 'TASK_NOT_FOUND', t('no task {id}', { id }))
    return task
  }

  async list(filter: ListFilter, caller: Caller) {
    if (filter.taxNo) checkTaxNo(caller, filter.taxNo)
    const limit = filter.limit ?? 50
    const where: Prisma.RecordingTaskWhereInput = { clientId: caller.clientId }
    if (filter.taxNo) where.taxNo = filter.taxNo
    if (filter.status) where.status = filter.status as any
    if (filter.reference) where.reference = filter.reference
    if (filter.createdFrom || filter.createdTo) {
      where.createdAt = { ...(filter.createdFrom ? { gte: new Date(filter.createdFrom) } : {}), ...(filter.createdTo ? { lt: new Date(filter.createdTo) } : {}) }
    }
    const and: Prisma.RecordingTaskWhereInput[] = []
    if (filter.cursor) {
      const after = readNewestFirstCursor(filter.cursor, UUID)
      and.push({ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] })
    }
    const rows = await this.repo.listTasks({ ...where, AND: and }, limit + 1)
    const page = rows.slice(0, limit)
    const counts = new Map<string, Record<string, number>>()
    for (const c of await this.repo.countOutcomes(page.map((t) => t.id))) {
      counts.set(c.taskId, { ...counts.get(c.taskId), [c.outcome]: c.count })
    }
    const last = page.at(-1)
    return {
      items: page.map((t) => taskView(t, counts.get(t.id) ?? {}, t.batches.flatMap((b) => (b.vendorTaskNo ? [b.vendorTaskNo] : [])))),
      nextCursor: rows.length > limit && last ? newestFirstCursor(last) : null,
    }
  }

  /** The caller's invoices in their latest known state, filtered, a page at a time in key order. */
  async invoices(query: InvoiceQuery, caller: Caller) {
    const { limit = 100, cursor, format: _json, lang: _lang, ...filter } = query
    if (filter.taxNo) checkTaxNo(caller, filter.taxNo)
    const rows = await this.repo.searchInvoices(caller.clientId, { ...filter, after: readCursor(cursor) }, limit + 1)
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
    const repo = this.repo
    let after = readCursor(cursor) // a bad cursor is a 400, before the 200 of a stream
    async function* lines() {
      yield CSV_BOM + csvLine(CSV_COLUMNS.map((c) => (lang === 'zh' ? CSV_HEADERS_ZH[c] : c)))
      for (;;) {
        const rows = await repo.searchInvoices(caller.clientId, { ...filter, after }, CSV_PAGE)
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
    const { counts, failures } = await this.repo.entrySummary(caller.clientId, taxNo, recordedPeriod)
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
  static entrySummaryCsv(summary: Awaited<ReturnType<RecordingService['entrySummary']>>, lang: Lang = 'en'): string {
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
      this.repo.invoiceHistory(caller.clientId, taxNo, invoiceNo, invoiceCode),
      this.repo.statusChanges(caller.clientId, taxNo, invoiceNo, invoiceCode),
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
    const known = (await this.repo.knownCodes(caller.clientId, taxNo, invoiceNo)).filter((c) => c !== invoiceCode).map((c) => c || 'empty')
    if (!known.length) return new AppError(404, 'INVOICE_NOT_FOUND', t('the gateway has never seen invoice {invoice} of {taxNo}', { invoice, taxNo }))
    const codes = known.join(' or ')
    return new AppError(404, 'INVOICE_NOT_FOUND', t('the gateway has never seen invoice {invoice} of {taxNo}; it knows invoice {invoiceNo} with invoiceCode {codes}', { invoice, taxNo, invoiceNo, codes }), {
      details: [{ field: 'query invoiceCode', rule: t('must be {codes} for invoice {invoiceNo}', { codes, invoiceNo }) }],
    })
  }
}
