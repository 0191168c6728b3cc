// One step of a task, under the lease of whoever started it (src/recording/worker.ts): check the tax-bureau session
// when needed, submit each batch the vendor does not have yet, else poll the submitted ones, and write what
// src/recording/decide.ts decides. It reads, calls and writes; it does not choose which task runs or when.
import { BusinessError, PiaozoneError } from '../piaozone/errors.ts'
import { isEntryMarkTarget } from '../piaozone/entry-mark.ts'
import type { PiaozoneAccounts } from '../piaozone/accounts.ts'
import type { RecordedOutcome, TaxLoginResult } from '../piaozone/types.ts'
import type { TaxSessions } from '../tax-numbers/sessions.ts'
import {
  afterQueryFailure, afterSubmitFailure, afterSubmits, afterTaxLogin, type Batch, type Clock, finish, matchResults, nextPoll, retryLater, type TaskWrite,
  troubleError,
} from './decide.ts'
import { LeaseLost } from './lease.ts'
import type { TaskError, TaskRow } from './repository.ts'
import type { WorkerConfig, WorkerLogger } from './worker.ts'
import type { TaskLease, WorkerStore } from './worker-store.ts'

/** Every vendor call for a task: logged against it, under its client's businessSystemCode if it has one. */
const callOptions = (task: TaskRow) => ({ context: task.id, businessSystemCode: task.businessSystemCode ?? undefined })

export class TaskStepper {
  constructor(
    private readonly repo: WorkerStore,
    private readonly vendor: PiaozoneAccounts,
    private readonly taxSessions: TaxSessions,
    private readonly config: WorkerConfig,
    private readonly log: WorkerLogger,
    private readonly onRetry: (code: string) => void,
    private readonly clock: Clock,
  ) {}

  /** One step of a task whose lease `token` holds: from `stored` (a task it just took over from its own process) or as read. */
  async step(id: string, token: string, stored?: TaskRow): Promise<void> {
    const lease = this.repo.lease(id, token)
    try {
      const task = stored ?? (await this.repo.getTask(id))
      if (task) await this.advance(task, lease)
    } catch (err) {
      if (err instanceof LeaseLost) return this.log.info({ taskId: id }, 'another worker took the task over; this step stops')
      this.log.error({ err, taskId: id }, 'task step failed')
      await lease.release({ nextAttemptAt: new Date(this.clock.now() + this.config.retryMaxMs) }).catch(() => {})
    }
  }

  private async advance(task: TaskRow, lease: TaskLease): Promise<void> {
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
    if (submittedNow) return lease.release(afterSubmits(task, this.config, this.clock))

    // 2. Poll every submitted batch. A problem that does not stop the step (a task the vendor does not show) is kept.
    let allDone = true
    let progressed = false
    let problem: TaskError | undefined
    for (const batch of task.batches) {
      if (batch.state !== 'submitted') continue
      const polled = await this.pollBatch(task, batch, lease)
      if (polled === 'stop') return
      progressed ||= polled.applied > 0
      allDone &&= polled.done
      problem ??= polled.problem
    }
    if (allDone) return this.finish(lease)
    await this.release(task, lease, nextPoll(task, progressed, problem, this.config, this.clock))
  }

  /** taxLogin for the task's tax number. True: the session is alive and the task may go on. */
  private async checkTaxSession(task: TaskRow, lease: TaskLease): Promise<boolean> {
    let login: TaxLoginResult
    try {
      login = await this.taxSessions.check(task.taxNo, callOptions(task))
    } catch (err) {
      await this.retry(task, lease, err, retryLater(task, troubleError(err), this.config, this.clock))
      return false
    }
    const next = afterTaxLogin(task, login, this.config, this.clock)
    if ('wait' in next) {
      await lease.release(next.wait)
      return false
    }
    if (next.goOn) {
      await lease.updateTask(next.goOn)
      task.status = next.goOn.status
      this.log.info({ taskId: task.id }, 'tax-bureau login is back; task resumes')
    }
    return true
  }

  /** Returns 'submitted', 'refused' (batch ended), or 'stop' (task rescheduled; stop this step). */
  private async submitBatch(task: TaskRow, batch: Batch, lease: TaskLease): Promise<'submitted' | 'refused' | 'stop'> {
    const target = task.nextEntryMarkStatus
    // The submit's schema let only a target in; a row saying otherwise was changed by hand: the step fails, nothing sent.
    if (!isEntryMarkTarget(target)) throw new Error(`task ${task.id} asks for 入账状态 ${target}, which is no target`)
    const reconciling = batch.state === 'sending'
    // Written before the call and guarded by the lease: a worker that lost its claim never sends.
    await lease.markSending(batch.seq, this.config.leaseMs, reconciling)
    const invoices = task.invoices.filter((i) => i.batchSeq === batch.seq)
    try {
      const { taskNo } = await this.vendor.invoiceRecorded(
        {
          taxNo: task.taxNo,
          nextEntryMarkStatus: target,
          invoices: invoices.map((i) => ({ serialNo: i.serialNo ?? undefined, invoiceNo: i.invoiceNo, invoiceCode: i.invoiceCode, recordedTime: i.recordedTime, recordedPeriod: i.recordedPeriod })),
        },
        // The same requestId on every send of this batch lets the vendor recognise a repeat.
        { ...callOptions(task), requestId: batch.requestId },
      )
      await lease.updateBatch(batch.seq, { state: 'submitted', vendorTaskNo: taskNo, submittedAt: new Date(this.clock.now()) })
      this.log.info({ taskId: task.id, batch: batch.seq, reconciling }, 'vendor batch submitted')
      return 'submitted'
    } catch (err) {
      const decision = afterSubmitFailure(task, batch, reconciling, err, this.config, this.clock)
      if ('refuse' in decision) {
        await this.refuseBatch(batch, lease, decision.refuse)
        return 'refused'
      }
      if (decision.batch) await lease.updateBatch(batch.seq, decision.batch)
      await this.retry(task, lease, err, decision.task, decision.sessionLost)
      return 'stop'
    }
  }

  /** Reads a batch's results. Done when every invoice of it has an outcome; a read never fails an invoice. */
  private async pollBatch(task: TaskRow, batch: Batch, lease: TaskLease): Promise<'stop' | { done: boolean; applied: number; problem?: TaskError }> {
    const taskNo = batch.vendorTaskNo
    // A batch is stored `submitted` with its vendor task number in one write; without one the row was changed by hand.
    if (taskNo === null) throw new Error(`batch ${batch.seq} of task ${task.id} is submitted without a vendor task number`)
    let results: { success: RecordedOutcome[]; fail: RecordedOutcome[] }
    try {
      results = await this.vendor.invoiceRecordedQueryAll({ taxNo: task.taxNo, taskNo }, callOptions(task))
    } catch (err) {
      const decision = afterQueryFailure(task, batch, err, this.config, this.clock)
      if ('task' in decision) {
        await this.retry(task, lease, err, decision.task, decision.sessionLost)
        return 'stop'
      }
      await lease.updateBatch(batch.seq, { polled: true })
      const { problem } = decision.keepPolling
      if (problem) this.log.warn({ taskId: task.id, batch: batch.seq, vendorTaskNo: taskNo }, 'piaozone does not know a vendor task it created')
      return { done: false, applied: 0, problem }
    }
    await lease.updateBatch(batch.seq, { polled: true })
    const { outcomes, done } = matchResults(task, batch, results)
    await lease.applyOutcomes(outcomes)
    if (done) await lease.updateBatch(batch.seq, { state: 'done' })
    return { done, applied: outcomes.length }
  }

  /** The vendor certainly will not act on a batch: it ends, its pending invoices fail with the vendor's words. */
  private async refuseBatch(batch: Batch, lease: TaskLease, { refusal, reason }: { refusal: TaskError; reason: string }): Promise<void> {
    await lease.refuseBatch(batch.seq, refusal, reason)
    // Kept in hand too: the rest of this step reads the task's standing error from it.
    Object.assign(batch, { state: 'refused', refusal })
    this.log.warn({ taskId: lease.taskId, batch: batch.seq, errorCode: refusal.vendorCode }, 'vendor refused a batch')
  }

  private async finish(lease: TaskLease): Promise<void> {
    const task = await this.repo.getTask(lease.taskId)
    // Only a task deleted under a held lease is gone: the step fails as on any surprise (logged, tried again later).
    if (!task) throw new Error(`task ${lease.taskId} is gone`)
    const write = finish(task, this.clock)
    await lease.release(write)
    this.log.info({ taskId: task.id, status: write.status }, 'task finished')
  }

  /** Vendor trouble: counted, the session marked lost when it is, and the task's next state written. */
  private async retry(task: TaskRow, lease: TaskLease, err: unknown, write: TaskWrite, sessionLost?: BusinessError): Promise<void> {
    const errorCode = err instanceof BusinessError ? err.vendorCode : err instanceof PiaozoneError ? err.code : 'INTERNAL'
    this.onRetry(errorCode)
    if (sessionLost) await this.taxSessions.lost(task.taxNo, sessionLost)
    await this.release(task, lease, write)
    this.log.warn({ taskId: task.id, errorCode, status: write.status }, sessionLost ? 'tax-bureau session gone; task waits for a login' : 'vendor trouble; task will retry')
  }

  /** Writes the task's next state and gives the lease up; says so when the task stalled. */
  private async release(task: TaskRow, lease: TaskLease, write: TaskWrite): Promise<void> {
    await lease.release(write)
    if (write.status === 'stalled') this.log.warn({ taskId: task.id, since: task.progressAt }, 'no progress for WORKER_STALL_AFTER_MS: task stalled')
  }
}
