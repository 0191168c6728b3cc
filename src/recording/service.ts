// The recording service: what the /v1 routes do. Stores a task before the vendor hears of it (the worker
// submits it), and answers questions from the database.
import { AppError, validationFailed, type Problem } from '../errors.ts'
import type { Prisma } from '../generated/prisma/client.ts'
import type { PiaozoneAccounts } from '../piaozone/accounts.ts'
import { ENTRY_MARK_LABELS, isEntryMarkStatus, TRANSITIONS } from '../piaozone/entry-mark.ts'
import type { EntryMarkTarget } from '../piaozone/types.ts'
import type { RecordingRepository } from './repository.ts'
import type { InvoiceView, TaskRow, TaskViewRow } from './task-reads.ts'
import { newestFirstCursor, readNewestFirstCursor } from '../cursor.ts'
import { CANCELLABLE, isUnfinished } from './statuses.ts'
import type { ListQuery, SubmitBody } from './schemas.ts'
import type { Static } from 'typebox'
import { taxNoWarning } from '../tax-numbers/tax-no.ts'
import { hashRequest, planTask, type SerialWhenMissing, storedTask } from './plan.ts'
import { type FinishedTaskViews, TASK_CHANGED_CHANNEL } from './view-cache.ts'
import { invoiceKey, validateSubmission } from './validate.ts'
import { type Lang, messageIn, t } from '../i18n/index.ts'
import { type Caller, checkServed, checkTaxNo } from '../tax-numbers/access.ts'

/** GET /v1/recording-tasks's query, as its schema says. */
export type ListFilter = Static<typeof ListQuery>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** A task's stored error as the API shows it: our code and message, the vendor's words beside them when it answered. */
function storedError(value: unknown): TaskViewRow['error'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const error: Record<string, string> = Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'))
  return error.code !== undefined && error.message !== undefined ? { ...error, code: error.code, message: error.message } : null
}

export function taskView(
  task: Pick<TaskRow, 'id' | 'status' | 'taxNo' | 'reference' | 'requestId' | 'invoiceCount' | 'retryOf' | 'operator' | 'reason' | 'createdAt' | 'updatedAt' | 'finishedAt'> & {
    nextEntryMarkStatus: EntryMarkTarget
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
    error: storedError(task.error),
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

/** A unique violation (23505) on the batches' requestId: another instance drew the same one. */
const isRequestIdCollision = (err: unknown) => typeof err === 'object' && err !== null && 'code' in err && err.code === '23505' && 'constraint' in err && err.constraint === 'VendorBatch_requestId_key'

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
      nextEntryMarkStatus: task.nextEntryMarkStatus,
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
  async getJson(id: string, caller: Caller, serialize: (task: ReturnType<typeof fullTaskView>) => unknown, lang: Lang = 'en') {
    const task = await this.read(id, caller)
    const view = fullTaskView({ ...task, error: messageIn(task.error, lang), invoices: [] })
    view.counts = { total: task.invoiceCount, ...task.counts }
    const head = serialize(view)
    // The schema puts invoices last (src/recording/schemas.ts, fullTaskFields); its serializer gives text, not bytes.
    const empty = '"invoices":[]}'
    if (typeof head !== 'string' || !head.endsWith(empty)) throw new Error('the task schema no longer serializes to text with invoices last')
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
    if (filter.status) where.status = filter.status
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
}
