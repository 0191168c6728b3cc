// The worker takes stored tasks to their end: submits each vendor batch once, polls the results with backoff,
// and finishes the task. Safe in any number of processes: tasks are claimed with FOR UPDATE SKIP LOCKED and a
// lease, and every write checks the lease. docs/DESIGN.md states the state machine and its guarantees.
import { randomUUID } from 'node:crypto'
import { Prisma } from '../generated/prisma/client.ts'
import type { PiaozoneClient } from '../piaozone/client.ts'
import { BusinessError, PiaozoneError, ProtocolError, TransportError } from '../piaozone/errors.ts'
import type { RecordedOutcome } from '../piaozone/types.ts'
import type { InvoiceOutcomeRow, RecordingRepository, TaskRow } from './repository.ts'
import { taskError } from './vendor-errors.ts'

export interface WorkerConfig {
  /** First poll this long after a submit; later polls back off up to pollMaxIntervalMs. */
  pollIntervalMs: number
  pollMaxIntervalMs: number
  /** Transient vendor trouble is retried after retryBaseMs, doubling up to retryMaxMs, jittered. */
  retryBaseMs: number
  retryMaxMs: number
  /** How often a task waiting for the tax-bureau login checks it again. */
  taxLoginRetryMs: number
  /** How long a claim lasts; must exceed the longest vendor call. */
  leaseMs: number
  /** Pause between claims when nothing was due. */
  idleMs: number
  /** Tasks claimed and worked on at once. */
  concurrency: number
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
  private wake: (() => void) | undefined

  constructor(
    private readonly repo: RecordingRepository,
    private readonly vendor: PiaozoneClient,
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
    this.loop = this.run()
  }

  /** Stops claiming, finishes the tasks in hand and releases their leases. */
  async stop(): Promise<void> {
    this.running = false
    this.wake?.()
    await this.loop
  }

  /** Ask the loop to look for due work now instead of after its idle pause. */
  poke(): void {
    this.wake?.()
  }

  private async run(): Promise<void> {
    while (this.running) {
      let worked = 0
      try {
        worked = await this.tick()
      } catch (err) {
        this.log.error({ err }, 'worker tick failed')
      }
      if (!worked && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.config.idleMs)
          this.wake = () => {
            clearTimeout(timer)
            resolve()
          }
        })
      }
    }
  }

  /** Claims due tasks and takes each one step further. Returns how many it worked on. */
  async tick(): Promise<number> {
    const ids = await this.repo.claimDue(this.owner, this.config.concurrency, this.config.leaseMs)
    await Promise.all(ids.map((id) => this.step(id)))
    return ids.length
  }

  /** Works on one task now if no other worker holds it (the refresh route). */
  async runNow(id: string): Promise<boolean> {
    if (!(await this.repo.claimOne(id, this.owner, this.config.leaseMs))) return false
    await this.step(id)
    return true
  }

  private async step(id: string): Promise<void> {
    try {
      const task = await this.repo.getTask(id)
      if (task) await this.advance(task)
    } catch (err) {
      this.log.error({ err, taskId: id }, 'task step failed')
      await this.reschedule(id, { nextAttemptAt: new Date(Date.now() + jitter(this.config.retryMaxMs)) })
    }
  }

  private async advance(task: TaskRow): Promise<void> {
    if (task.status === 'waiting_tax_login') {
      const login = await this.vendor.taxLogin(task.taxNo, callOptions(task)).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))))
      if (login instanceof Error) return this.transient(task, login)
      if (login.needAuth) {
        return this.reschedule(task.id, {
          error: { code: 'TAX_LOGIN_REQUIRED', message: 'the tax bureau needs an interactive login (SMS/face/QR) at loginWebUrl', loginWebUrl: login.loginWebUrl ?? '' },
          nextAttemptAt: new Date(Date.now() + this.config.taxLoginRetryMs),
        })
      }
      task.status = task.batches.some((b) => b.vendorTaskNo) ? 'submitted' : 'accepted'
      await this.repo.updateLeased(task.id, this.owner, { status: task.status, error: Prisma.DbNull })
      this.log.info({ taskId: task.id }, 'tax-bureau login is back; task resumes')
    }

    // 1. Submit every batch the vendor does not have yet.
    let submittedNow = false
    let refusedNow = false
    for (const batch of task.batches) {
      if (batch.state !== 'pending' && batch.state !== 'sending') continue
      const outcome = await this.submitBatch(task, batch)
      if (outcome === 'stop') return
      submittedNow ||= outcome === 'submitted'
      refusedNow ||= outcome === 'refused'
    }
    if (submittedNow) {
      // A cleared error says the vendor trouble is over; a refused batch's error stays.
      const error = refusedNow ? {} : { error: Prisma.DbNull }
      return this.reschedule(task.id, { status: 'submitted', attempts: 0, ...error, nextAttemptAt: new Date(Date.now() + this.config.pollIntervalMs) })
    }

    // 2. Poll every submitted batch.
    const fresh = (await this.repo.getTask(task.id)) as TaskRow
    let allDone = true
    for (const batch of fresh.batches) {
      if (batch.state !== 'submitted') continue
      const done = await this.pollBatch(fresh, batch)
      if (done === 'stop') return
      allDone &&= done
    }
    if (!allDone) {
      const polls = Math.max(...fresh.batches.map((b) => b.polls))
      const delay = Math.min(this.config.pollIntervalMs * 2 ** Math.max(0, polls - 1), this.config.pollMaxIntervalMs)
      return this.reschedule(task.id, { attempts: 0, nextAttemptAt: new Date(Date.now() + jitter(delay)) })
    }
    await this.finish(task.id)
  }

  /** Returns 'submitted', 'refused' (batch ended), or 'stop' (task rescheduled; stop this step). */
  private async submitBatch(task: TaskRow, batch: TaskRow['batches'][number]): Promise<'submitted' | 'refused' | 'stop'> {
    const reconciling = batch.state === 'sending'
    // Written before the call and guarded by the lease: a worker that lost its claim never sends.
    if (!(await this.repo.markSending(task.id, batch.seq, this.owner, this.config.leaseMs, reconciling))) return 'stop'
    const invoices = task.invoices.filter((i) => i.batchSeq === batch.seq)
    try {
      const { taskNo } = await this.vendor.invoiceRecorded(
        {
          taxNo: task.taxNo,
          nextEntryMarkStatus: task.nextEntryMarkStatus as '02' | '03' | '06',
          invoices: invoices.map((i) => ({ serialNo: i.serialNo, invoiceNo: i.invoiceNo, invoiceCode: i.invoiceCode, recordedTime: i.recordedTime, recordedPeriod: i.recordedPeriod })),
        },
        // The same requestId on every send of this batch lets the vendor recognise a repeat.
        { ...callOptions(task), requestId: batch.requestId },
      )
      await this.repo.updateBatch(task.id, batch.seq, { state: 'submitted', vendorTaskNo: taskNo })
      this.log.info({ taskId: task.id, batch: batch.seq, reconciling }, 'vendor batch submitted')
      return 'submitted'
    } catch (err) {
      if (err instanceof TransportError && !err.maybeDelivered) {
        await this.repo.updateBatch(task.id, batch.seq, { state: 'pending' }) // never reached the vendor: a plain retry is safe
        await this.transient(task, err)
        return 'stop'
      }
      if (err instanceof BusinessError && err.needsTaxLogin) {
        await this.repo.updateBatch(task.id, batch.seq, { state: 'pending' }) // refused, so nothing was created
        await this.waitForTaxLogin(task, err)
        return 'stop'
      }
      if (err instanceof BusinessError || (err instanceof ProtocolError && !err.retryable)) {
        await this.refuseBatch(task, batch.seq, err)
        return 'refused'
      }
      // Maybe delivered (timeout after sending, dropped connection, garbled answer) or credentials refused:
      // the batch stays `sending`, and the next attempt reconciles (docs/DESIGN.md).
      await this.transient(task, err)
      return 'stop'
    }
  }

  /** Returns true when every invoice of the batch has an outcome. */
  private async pollBatch(task: TaskRow, batch: TaskRow['batches'][number]): Promise<boolean | 'stop'> {
    let results: { success: RecordedOutcome[]; fail: RecordedOutcome[] }
    try {
      results = await this.vendor.invoiceRecordedQueryAll({ taxNo: task.taxNo, taskNo: batch.vendorTaskNo as string }, callOptions(task))
    } catch (err) {
      if (err instanceof BusinessError && err.needsTaxLogin) await this.waitForTaxLogin(task, err)
      else if (err instanceof BusinessError) {
        // e.g. 0201: the vendor does not know the task; the batch cannot finish.
        await this.refuseBatch(task, batch.seq, err)
        return true
      } else await this.transient(task, err)
      return 'stop'
    }
    await this.repo.updateBatch(task.id, batch.seq, { polls: { increment: 1 } })
    const pending = task.invoices.filter((i) => i.batchSeq === batch.seq && i.outcome === 'pending')
    const bySerial = new Map(pending.map((i) => [i.serialNo, i]))
    const byNumber = new Map(pending.map((i) => [`${i.invoiceCode}/${i.invoiceNo}`, i]))
    const outcomes: InvoiceOutcomeRow[] = []
    const collect = (item: RecordedOutcome, ok: boolean) => {
      const inv = bySerial.get(item.serialNo) ?? byNumber.get(`${item.invoiceCode}/${item.invoiceNo}`)
      if (!inv) return
      bySerial.delete(inv.serialNo)
      byNumber.delete(`${inv.invoiceCode}/${inv.invoiceNo}`)
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
    await this.repo.applyOutcomes(task.id, outcomes)
    const done = bySerial.size === 0
    if (done) await this.repo.updateBatch(task.id, batch.seq, { state: 'done' })
    return done
  }

  /** The vendor said no to a batch: it ends, its pending invoices fail with the vendor's code and message. */
  private async refuseBatch(task: TaskRow, seq: number, err: BusinessError | ProtocolError): Promise<void> {
    const reason = err instanceof BusinessError ? `${err.vendorCode} ${err.vendorMessage}` : err.message
    await this.repo.updateBatch(task.id, seq, { state: 'refused' })
    await this.repo.failPendingInvoices(task.id, seq, reason)
    await this.repo.updateLeased(task.id, this.owner, { error: taskError(err) })
    this.log.warn({ taskId: task.id, batch: seq, errorCode: err instanceof BusinessError ? err.vendorCode : err.code }, 'vendor refused a batch')
  }

  private async finish(id: string): Promise<void> {
    const task = (await this.repo.getTask(id)) as TaskRow
    const succeeded = task.invoices.filter((i) => i.outcome === 'succeeded').length
    const status = succeeded === task.invoiceCount ? 'completed' : succeeded === 0 ? 'failed' : 'partially_failed'
    await this.reschedule(id, { status, finishedAt: new Date() })
    this.log.info({ taskId: id, status }, 'task finished')
  }

  private async waitForTaxLogin(task: TaskRow, err: BusinessError): Promise<void> {
    await this.reschedule(task.id, {
      status: 'waiting_tax_login',
      error: taskError(err),
      nextAttemptAt: new Date(Date.now() + this.config.taxLoginRetryMs),
    })
    this.log.warn({ taskId: task.id, errorCode: err.vendorCode }, 'tax-bureau session gone; task waits for a login')
  }

  private async transient(task: TaskRow, err: unknown): Promise<void> {
    this.onRetry(err instanceof PiaozoneError ? err.code : 'INTERNAL')
    const attempts = task.attempts + 1
    const delay = Math.min(this.config.retryBaseMs * 2 ** (attempts - 1), this.config.retryMaxMs)
    await this.reschedule(task.id, { attempts, error: taskError(err), nextAttemptAt: new Date(Date.now() + jitter(delay)) })
    this.log.warn({ taskId: task.id, attempts, errorCode: err instanceof PiaozoneError ? err.code : 'INTERNAL' }, 'vendor trouble; task will retry')
  }

  /** Writes the task's next state and releases the lease. */
  private async reschedule(id: string, data: Prisma.RecordingTaskUpdateManyMutationInput): Promise<void> {
    await this.repo.updateLeased(id, this.owner, { ...data, leaseOwner: null, leaseUntil: null })
  }
}
