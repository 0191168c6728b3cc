// The worker takes stored tasks to their end: submits each vendor batch once, polls the results with backoff,
// and finishes the task. Safe in any number of processes: tasks are claimed with FOR UPDATE SKIP LOCKED and a
// lease, and every write checks the lease. docs/DESIGN.md states the state machine and its guarantees.
import { randomUUID } from 'node:crypto'
import { Prisma } from '../generated/prisma/client.ts'
import type { PiaozoneClient } from '../piaozone/client.ts'
import { BusinessError, PiaozoneError } from '../piaozone/errors.ts'
import type { RecordedOutcome } from '../piaozone/types.ts'
import { type InvoiceOutcomeRow, type Lease, LeaseLost, type RecordingRepository, type TaskRow } from './repository.ts'
import type { TaxSessions } from './tax-sessions.ts'
import { invoiceKey } from './validate.ts'
import { type AnswerRules, classifyQueryFailure, classifySubmitFailure, taskError } from './vendor-answers.ts'

export interface WorkerConfig {
  /** First poll this long after a submit; later polls back off up to pollMaxIntervalMs. */
  pollIntervalMs: number
  pollMaxIntervalMs: number
  /** Transient vendor trouble is retried after retryBaseMs, doubling up to retryMaxMs, jittered. */
  retryBaseMs: number
  retryMaxMs: number
  /** How often a task waiting for the tax-bureau login checks it again. */
  taxLoginRetryMs: number
  /** How long a claim lasts without renewal; renewed every third of it while the worker holds the task. */
  leaseMs: number
  /** Pause between claims when nothing was due. */
  idleMs: number
  /** Tasks claimed and worked on at once. */
  concurrency: number
  /** Which vendor refusals are final and which mean "busy" (src/recording/vendor-answers.ts). */
  answers: AnswerRules
  /** A batch refused this often with an unclassified code is given up, if no send of it is of unknown fate. */
  submitMaxRefusals: number
  /** 4.17's "task not found" is taken as "not visible yet" for this long after the submit, then shown as a problem. */
  taskNotFoundGraceMs: number
  /** A tax number's session is checked with taxLogin before a submit when unknown or older than this. */
  taxSessionMaxAgeMs: number
  /** A task that made no progress for this long becomes `stalled`. */
  stallAfterMs: number
}

export interface WorkerLogger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

const jitter = (ms: number) => Math.round(ms * (0.5 + Math.random() / 2))
/** Every vendor call for a task: logged against it, under its client's businessSystemCode if it has one. */
const callOptions = (task: TaskRow) => ({ context: task.id, businessSystemCode: task.businessSystemCode ?? undefined })

export class Worker {
  readonly owner = `worker-${randomUUID()}`
  private running = false
  private loop: Promise<void> | undefined
  /** Tasks being stepped now, and the steps themselves (stop() waits for them). */
  private readonly active = new Map<string, Promise<void>>()
  /** Tasks this process accepted, stored already leased to this worker, waiting for a free slot. */
  private readonly handed: string[] = []
  /** Set by wake(); the loop looks again before it sleeps, so no wake-up is lost while it is busy. */
  private woken = false
  private sleeping: (() => void) | undefined
  private heartbeat: NodeJS.Timeout | undefined

  constructor(
    private readonly repo: RecordingRepository,
    private readonly vendor: PiaozoneClient,
    private readonly taxSessions: TaxSessions,
    private readonly config: WorkerConfig,
    private readonly log: WorkerLogger,
    private readonly onRetry: (code: string) => void = () => {},
  ) {}

  get isRunning(): boolean {
    return this.running
  }

  start(): void {
    if (this.running) return
    this.running = true
    // Leases are short so that a dead process's tasks are taken over soon; a live one renews those it holds.
    this.heartbeat = setInterval(() => void this.renewLeases(), Math.max(100, Math.floor(this.config.leaseMs / 3)))
    this.loop = this.run()
  }

  /** Stops claiming, finishes the steps in hand (they release their leases) and stops renewing. */
  async stop(): Promise<void> {
    this.running = false
    this.wake()
    await this.loop
    await Promise.all(this.active.values())
    clearInterval(this.heartbeat)
    // Handed tasks not started yet: any worker may take them at once instead of after their lease.
    await this.repo.releaseLeases(this.handed.splice(0), this.owner).catch((err) => this.log.warn({ err }, 'could not release leases'))
  }

  /** Look for due work now instead of after the idle pause. */
  wake(): void {
    this.woken = true
    this.sleeping?.()
  }

  /**
   * Where a task this process accepts should be leased, so that it goes straight to this worker; undefined when
   * the worker does not run here (then any worker claims it).
   */
  handoffLease(): { owner: string; leaseMs: number } | undefined {
    return this.running ? { owner: this.owner, leaseMs: this.config.leaseMs } : undefined
  }

  /** Takes a task stored leased to this worker (handoffLease) and starts it as soon as a slot is free. */
  take(id: string): void {
    this.handed.push(id)
    this.wake()
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false
      let started = 0
      try {
        started = await this.fillSlots()
      } catch (err) {
        this.log.error({ err }, 'worker could not claim tasks')
      }
      if (started === 0 && !this.woken && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.config.idleMs)
          this.sleeping = () => {
            clearTimeout(timer)
            resolve()
          }
        })
        this.sleeping = undefined
      }
    }
  }

  /** Starts handed and due tasks up to the free slots; returns how many it started. */
  private async fillSlots(): Promise<number> {
    const free = this.config.concurrency - this.active.size
    if (free <= 0) return 0
    const ids = this.handed.splice(0, free)
    if (ids.length < free) ids.push(...(await this.repo.claimDue(this.owner, free - ids.length, this.config.leaseMs)))
    for (const id of ids) {
      const running = this.step(id).finally(() => {
        this.active.delete(id)
        this.wake() // a slot is free
      })
      this.active.set(id, running)
    }
    return ids.length
  }

  private async renewLeases(): Promise<void> {
    const held = [...this.active.keys(), ...this.handed]
    try {
      const kept = new Set(await this.repo.renewLeases(held, this.owner, this.config.leaseMs))
      const lost = held.filter((id) => !kept.has(id))
      if (lost.length) this.log.warn({ taskIds: lost }, 'leases lost to another worker; their steps will write nothing')
    } catch (err) {
      this.log.warn({ err }, 'could not renew leases')
    }
  }

  /** Works on one task now if no other worker holds it (the refresh route). */
  async runNow(id: string): Promise<boolean> {
    if (!(await this.repo.claimOne(id, this.owner, this.config.leaseMs))) return false
    await this.step(id)
    return true
  }

  private async step(id: string): Promise<void> {
    const lease = this.repo.lease(id, this.owner)
    try {
      const task = await this.repo.getTask(id)
      if (task) await this.advance(task, lease)
    } catch (err) {
      if (err instanceof LeaseLost) return this.log.info({ taskId: id }, 'another worker took the task over; this step stops')
      this.log.error({ err, taskId: id }, 'task step failed')
      await lease.release({ nextAttemptAt: new Date(Date.now() + jitter(this.config.retryMaxMs)) }).catch(() => {})
    }
  }

  private async advance(task: TaskRow, lease: Lease): Promise<void> {
    const unsent = task.batches.some((b) => b.state === 'pending' || b.state === 'sending')
    // The guide's call order: a tax number's session is checked before its first 4.16, and again when stale.
    const check = task.status === 'waiting_tax_login' || (unsent && (await this.taxSessions.needsCheck(task.taxNo)))
    if (check && !(await this.checkTaxSession(task, lease))) return

    // 1. Submit every batch the vendor does not have yet.
    let submittedNow = false
    for (const batch of task.batches) {
      if (batch.state !== 'pending' && batch.state !== 'sending') continue
      const outcome = await this.submitBatch(task, batch, lease)
      if (outcome === 'stop') return
      submittedNow ||= outcome === 'submitted'
    }
    if (submittedNow) {
      const next = new Date(Date.now() + this.config.pollIntervalMs)
      return lease.release({ status: 'submitted', attempts: 0, progressAt: new Date(), error: standingError(task) ?? Prisma.DbNull, nextAttemptAt: next })
    }

    // 2. Poll every submitted batch. A problem that does not stop the step (a task the vendor does not show) is kept.
    let allDone = true
    let applied = 0
    let problem: Record<string, string> | undefined
    for (const batch of task.batches) {
      if (batch.state !== 'submitted') continue
      const polled = await this.pollBatch(task, batch, lease)
      if (polled === 'stop') return
      applied += polled.applied
      allDone &&= polled.done
      problem ??= polled.problem
    }
    if (allDone) return this.finish(lease)
    const polls = Math.max(...task.batches.map((b) => b.polls + 1))
    const delay = Math.min(this.config.pollIntervalMs * 2 ** Math.max(0, polls - 1), this.config.pollMaxIntervalMs)
    const next = { attempts: 0, error: problem ?? standingError(task) ?? Prisma.DbNull, nextAttemptAt: new Date(Date.now() + jitter(delay)) }
    return lease.release(applied ? { ...next, progressAt: new Date() } : this.stallIfStuck(task, next))
  }

  /**
   * Without progress for WORKER_STALL_AFTER_MS a task becomes `stalled`: no more automatic work, its error says
   * what the vendor last answered, and POST …/resume puts it back to work. A task waiting for a person's tax-bureau
   * login is not stalled: it has its own state and lever (POST /v1/tax-login).
   */
  private stallIfStuck(task: TaskRow, next: Prisma.RecordingTaskUpdateManyMutationInput): Prisma.RecordingTaskUpdateManyMutationInput {
    if (Date.now() - task.progressAt.getTime() < this.config.stallAfterMs || task.status === 'waiting_tax_login') return next
    this.log.warn({ taskId: task.id, since: task.progressAt }, 'no progress for WORKER_STALL_AFTER_MS: task stalled')
    return { ...next, status: 'stalled' }
  }

  /** taxLogin for the task's tax number. True: the session is alive and the task may go on. */
  private async checkTaxSession(task: TaskRow, lease: Lease): Promise<boolean> {
    let login: Awaited<ReturnType<TaxSessions['check']>>
    try {
      login = await this.taxSessions.check(task.taxNo, callOptions(task))
    } catch (err) {
      await this.transient(task, lease, err)
      return false
    }
    if (login.needAuth) {
      await lease.release({
        status: 'waiting_tax_login',
        error: { code: 'TAX_LOGIN_REQUIRED', message: 'the tax bureau needs an interactive login (SMS/face/QR) at loginWebUrl', loginWebUrl: login.loginWebUrl ?? '' },
        nextAttemptAt: new Date(Date.now() + this.config.taxLoginRetryMs),
      })
      return false
    }
    if (task.status === 'waiting_tax_login') {
      task.status = task.batches.some((b) => b.vendorTaskNo) ? 'submitted' : 'accepted'
      await lease.updateTask({ status: task.status, error: Prisma.DbNull })
      this.log.info({ taskId: task.id }, 'tax-bureau login is back; task resumes')
    }
    return true
  }

  /** Returns 'submitted', 'refused' (batch ended), or 'stop' (task rescheduled; stop this step). */
  private async submitBatch(task: TaskRow, batch: Batch, lease: Lease): Promise<'submitted' | 'refused' | 'stop'> {
    const reconciling = batch.state === 'sending'
    // Written before the call and guarded by the lease: a worker that lost its claim never sends.
    await lease.markSending(batch.seq, this.config.leaseMs, reconciling)
    const invoices = task.invoices.filter((i) => i.batchSeq === batch.seq)
    try {
      const { taskNo } = await this.vendor.invoiceRecorded(
        {
          taxNo: task.taxNo,
          nextEntryMarkStatus: task.nextEntryMarkStatus as '02' | '03' | '06',
          invoices: invoices.map((i) => ({ serialNo: i.serialNo ?? undefined, invoiceNo: i.invoiceNo, invoiceCode: i.invoiceCode, recordedTime: i.recordedTime, recordedPeriod: i.recordedPeriod })),
        },
        // The same requestId on every send of this batch lets the vendor recognise a repeat.
        { ...callOptions(task), requestId: batch.requestId },
      )
      await lease.updateBatch(batch.seq, { state: 'submitted', vendorTaskNo: taskNo, submittedAt: new Date() })
      this.log.info({ taskId: task.id, batch: batch.seq, reconciling }, 'vendor batch submitted')
      return 'submitted'
    } catch (err) {
      const verdict = classifySubmitFailure(err, this.config.answers)
      if (verdict === 'unknown_fate') {
        // The batch stays `sending`: the next attempt reconciles it (docs/DESIGN.md).
        await this.transient(task, lease, err)
        return 'stop'
      }
      if (verdict === 'final') {
        await this.refuseBatch(batch, lease, err as BusinessError)
        return 'refused'
      }
      if (verdict === 'tax_login') {
        await lease.updateBatch(batch.seq, { state: 'pending' })
        await this.waitForTaxLogin(task, lease, err as BusinessError)
        return 'stop'
      }
      if (verdict === 'not_sent') {
        await lease.updateBatch(batch.seq, { state: 'pending' })
        await this.transient(task, lease, err)
        return 'stop'
      }
      // Refused with a code nobody classified. Given up only after many refusals, and never while an earlier
      // send of this batch may have been acted on (its refusal may mean "I have that one already").
      const refusals = batch.refusals + 1
      const mayHaveActed = reconciling || batch.resends > 0
      if (refusals >= this.config.submitMaxRefusals && !mayHaveActed) {
        await this.refuseBatch(batch, lease, err as BusinessError)
        return 'refused'
      }
      await lease.updateBatch(batch.seq, { state: 'pending', refusals })
      const limit = mayHaveActed ? 'an earlier send may have reached the vendor, so it is never given up' : `given up after ${this.config.submitMaxRefusals}`
      await this.transient(task, lease, err, { ...taskError(err, 'UPSTREAM_RETRYING'), message: `${(err as Error).message} (refusal ${refusals}; ${limit})` })
      return 'stop'
    }
  }

  /** Reads a batch's results. 'done' when every invoice of it has an outcome; a read never fails an invoice. */
  private async pollBatch(task: TaskRow, batch: Batch, lease: Lease): Promise<'stop' | { done: boolean; applied: number; problem?: Record<string, string> }> {
    let results: { success: RecordedOutcome[]; fail: RecordedOutcome[] }
    try {
      results = await this.vendor.invoiceRecordedQueryAll({ taxNo: task.taxNo, taskNo: batch.vendorTaskNo as string }, callOptions(task))
    } catch (err) {
      const verdict = classifyQueryFailure(err)
      if (verdict === 'tax_login') await this.waitForTaxLogin(task, lease, err as BusinessError)
      if (verdict !== 'not_found') {
        if (verdict === 'retry') await this.transient(task, lease, err)
        return 'stop'
      }
      await lease.updateBatch(batch.seq, { polled: true })
      // Not visible yet shortly after the submit; later, a problem for an operator, never the invoices' outcome.
      const ageMs = Date.now() - (batch.submittedAt ?? batch.updatedAt).getTime()
      if (ageMs < this.config.taskNotFoundGraceMs) return { done: false, applied: 0 }
      this.log.warn({ taskId: task.id, batch: batch.seq, vendorTaskNo: batch.vendorTaskNo }, 'piaozone does not know a vendor task it created')
      const message = `piaozone does not know its task ${batch.vendorTaskNo}, ${Math.round(ageMs / 1000)} s after creating it; the invoices' outcome is unknown, so they stay pending and the gateway keeps asking. An operator should look the task up in 发票云.`
      return { done: false, applied: 0, problem: { ...taskError(err, 'VENDOR_TASK_NOT_FOUND'), message } }
    }
    await lease.updateBatch(batch.seq, { polled: true })
    const pending = task.invoices.filter((i) => i.batchSeq === batch.seq && i.outcome === 'pending')
    // Matched by invoice code + number (the serial may be the vendor's own id), the serial only as a fallback.
    const byNumber = new Map(pending.map((i) => [invoiceKey(i.invoiceNo, i.invoiceCode), i]))
    const bySerial = new Map(pending.filter((i) => i.serialNo).map((i) => [i.serialNo as string, i]))
    const matched = new Set<number>()
    const outcomes: InvoiceOutcomeRow[] = []
    const collect = (item: RecordedOutcome, ok: boolean) => {
      const inv = byNumber.get(invoiceKey(item.invoiceNo, item.invoiceCode)) ?? byNumber.get(invoiceKey(item.etaxInvoiceNo ?? '', '')) ?? bySerial.get(item.serialNo)
      if (!inv || matched.has(inv.idx)) return
      matched.add(inv.idx)
      // After a resend of unknown fate, "cannot change to X" for an invoice already at X means our first
      // send did it: the requested state holds.
      const alreadyThere = !ok && batch.resends > 0 && item.entryMarkStatus === task.nextEntryMarkStatus
      outcomes.push({
        idx: inv.idx,
        outcome: ok || alreadyThere ? 'succeeded' : 'failed',
        preEntryMarkStatus: item.preEntryMarkStatus ?? null,
        entryMarkStatus: item.entryMarkStatus || null,
        failReason: ok || alreadyThere ? null : (item.failReason ?? 'the vendor gave no reason'),
        invoiceType: item.invoiceType ?? null,
        invoiceDate: item.invoiceDate ?? null,
        etaxInvoiceNo: item.etaxInvoiceNo || null,
        vendorItem: item.raw,
      })
    }
    for (const item of results.success) collect(item, true)
    for (const item of results.fail) collect(item, false)
    await lease.applyOutcomes(outcomes)
    if (matched.size < pending.length) return { done: false, applied: outcomes.length }
    await lease.updateBatch(batch.seq, { state: 'done' })
    return { done: true, applied: outcomes.length }
  }

  /** The vendor certainly will not act on a batch: it ends, its pending invoices fail with the vendor's words. */
  private async refuseBatch(batch: Batch, lease: Lease, err: BusinessError): Promise<void> {
    const refusal = taskError(err, 'UPSTREAM_REJECTED')
    await lease.refuseBatch(batch.seq, refusal, `${err.vendorCode} ${err.vendorMessage}`)
    // Kept in hand too: the rest of this step reads the task's standing error from it.
    Object.assign(batch, { state: 'refused', refusal })
    this.log.warn({ taskId: lease.taskId, batch: batch.seq, errorCode: err.vendorCode }, 'vendor refused a batch')
  }

  private async finish(lease: Lease): Promise<void> {
    const task = (await this.repo.getTask(lease.taskId)) as TaskRow
    const succeeded = task.invoices.filter((i) => i.outcome === 'succeeded').length
    const status = succeeded === task.invoiceCount ? 'completed' : succeeded === 0 ? 'failed' : 'partially_failed'
    // A failed task always says why: the batch refusal, or that the vendor refused each invoice.
    const error = standingError(task) ?? (status === 'failed' ? { code: 'ALL_INVOICES_REFUSED', message: 'piaozone refused every invoice; each invoice\'s failReason says why' } : Prisma.DbNull)
    await lease.release({ status, error, progressAt: new Date(), finishedAt: new Date() })
    this.log.info({ taskId: task.id, status }, 'task finished')
  }

  private async waitForTaxLogin(task: TaskRow, lease: Lease, err: BusinessError): Promise<void> {
    await this.taxSessions.lost(task.taxNo, err)
    await lease.release({
      status: 'waiting_tax_login',
      error: taskError(err, 'TAX_SESSION_GONE'),
      nextAttemptAt: new Date(Date.now() + this.config.taxLoginRetryMs),
    })
    this.log.warn({ taskId: task.id, errorCode: err.vendorCode }, 'tax-bureau session gone; task waits for a login')
  }

  /** Vendor trouble that passes: try again with backoff, showing the vendor's code and message meanwhile. */
  private async transient(task: TaskRow, lease: Lease, err: unknown, error = taskError(err, err instanceof BusinessError ? 'UPSTREAM_RETRYING' : undefined)): Promise<void> {
    this.onRetry(err instanceof BusinessError ? err.vendorCode : err instanceof PiaozoneError ? err.code : 'INTERNAL')
    const attempts = task.attempts + 1
    const delay = Math.min(this.config.retryBaseMs * 2 ** (attempts - 1), this.config.retryMaxMs)
    await lease.release(this.stallIfStuck(task, { attempts, error, nextAttemptAt: new Date(Date.now() + jitter(delay)) }))
    this.log.warn({ taskId: task.id, attempts, errorCode: error.vendorCode ?? error.code }, 'vendor trouble; task will retry')
  }
}

type Batch = TaskRow['batches'][number]

/** What a task shows while nothing is wrong now: the refusal that ended one of its batches, if any. */
function standingError(task: TaskRow): Prisma.InputJsonValue | undefined {
  return task.batches.find((b) => b.state === 'refused' && b.refusal)?.refusal as Prisma.InputJsonValue | undefined
}
