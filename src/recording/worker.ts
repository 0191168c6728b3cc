// The worker takes stored tasks to their end: submits each vendor batch once, polls the results with backoff,
// and finishes the task. Safe in any number of processes: tasks are claimed with FOR UPDATE SKIP LOCKED and a
// lease, and every write checks the lease. docs/DESIGN.md states the state machine and its guarantees.
import { randomUUID } from 'node:crypto'
import { WorkLoop } from '../work-loop.ts'
import type { PiaozoneAccounts } from '../piaozone/accounts.ts'
import { BusinessError, PiaozoneError } from '../piaozone/errors.ts'
import type { EntryMarkTarget, RecordedOutcome, TaxLoginResult } from '../piaozone/types.ts'
import {
  afterQueryFailure, afterSubmitFailure, afterSubmits, afterTaxLogin, type Batch, type Clock, finish, matchResults, nextPoll, retryLater, systemClock,
  type TaskWrite, troubleError,
} from './decide.ts'
import { type Held, LeaseLost } from './lease.ts'
import type { TaskRow } from './repository.ts'
import type { TaxSessions } from '../tax-numbers/sessions.ts'
import type { AnswerRules } from './vendor-answers.ts'
import type { TaskLease, WorkerStore } from './worker-store.ts'

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

/** A handed task's lease, as it was stored. */
const heldOf = (task: TaskRow): Held => ({ id: task.id, token: task.leaseOwner as string })

/** Every vendor call for a task: logged against it, under its client's businessSystemCode if it has one. */
const callOptions = (task: TaskRow) => ({ context: task.id, businessSystemCode: task.businessSystemCode ?? undefined })

/**
 * One runner per task: every step of a task, whoever asks for it (the loop's claim, a hand-off, a refresh), runs under
 * a lease token of its own, and this process starts a step only through `begin`, which refuses a second one while the
 * first runs. Across processes the lease decides; in this one, `active` does.
 */
export class Worker {
  /** This process's worker; every lease token it holds starts with it. */
  readonly owner = `worker-${randomUUID()}`
  private readonly loop: WorkLoop
  /** Tasks being stepped now, and the steps themselves (stop() waits for them; a refresh joins them). */
  private readonly active = new Map<string, { token: string; step: Promise<void> }>()
  /**
   * Tasks this process accepted, stored leased to this worker, waiting for a free slot (as stored, `leaseOwner` their
   * token). At most `concurrency` wait: a burst beyond that is left to every instance's worker.
   */
  private readonly handed: TaskRow[] = []
  /** Refreshes in progress here, by task: a second refresh of a task waits for the first instead of claiming. */
  private readonly refreshing = new Map<string, Promise<boolean>>()
  private heartbeat: NodeJS.Timeout | undefined
  private tokens = 0
  /** After stop(): no step starts here until start(). */
  private stopped = false

  constructor(
    private readonly repo: WorkerStore,
    private readonly vendor: PiaozoneAccounts,
    private readonly taxSessions: TaxSessions,
    private readonly config: WorkerConfig,
    private readonly log: WorkerLogger,
    private readonly onRetry: (code: string) => void = () => {},
    private readonly clock: Clock = systemClock,
  ) {
    this.loop = new WorkLoop(() => this.fillSlots(), config.idleMs, (err) => this.log.error({ err }, 'worker could not claim tasks'))
  }

  get isRunning(): boolean {
    return this.loop.isRunning
  }

  start(): void {
    if (this.loop.isRunning) return
    this.stopped = false
    this.startHeartbeat()
    this.loop.start()
  }

  /** Stops claiming and starting steps, gives up the handed tasks not started, finishes the steps in hand, stops renewing. */
  async stop(): Promise<void> {
    this.stopped = true
    await this.loop.stop()
    // Handed tasks not started yet: any worker may take them at once instead of after their lease.
    await this.repo.releaseLeases(this.handed.splice(0).map(heldOf)).catch((err) => this.log.warn({ err }, 'could not release leases'))
    await Promise.all([...this.active.values()].map((a) => a.step))
    clearInterval(this.heartbeat)
    this.heartbeat = undefined
  }

  /** Look for due work now instead of after the idle pause. */
  wake(): void {
    this.loop.wake()
  }

  /**
   * The lease a task this process accepts should be stored with, so that it goes straight to this worker; undefined
   * when the worker does not run here or its hand-off queue is full (then any instance's worker claims it).
   */
  handoffLease(): { token: string; leaseMs: number } | undefined {
    if (!this.loop.isRunning || this.handed.length >= this.config.concurrency) return undefined
    return { token: this.newToken(), leaseMs: this.config.leaseMs }
  }

  /**
   * Takes a task stored leased to this worker (handoffLease) and starts it as soon as a slot is free, from the row
   * as stored: the first step need not read back what this process has just written. When the queue filled up
   * meanwhile, or the worker stopped, the lease is given up and the task left to whichever worker claims it.
   */
  take(task: TaskRow): void {
    if (this.loop.isRunning && this.handed.length < this.config.concurrency) this.handed.push(task)
    else void this.repo.releaseLeases([heldOf(task)]).catch((err) => this.log.warn({ err, taskId: task.id }, 'could not release a lease'))
    this.wake()
  }

  /** Starts handed and due tasks up to the free slots; returns how many it started. */
  private async fillSlots(): Promise<number> {
    const free = this.config.concurrency - this.active.size
    if (free <= 0) return 0
    const handed = this.handed.splice(0, free)
    for (const task of handed) this.begin(task.id, heldOf(task).token, task)
    const claimed = handed.length < free ? await this.repo.claimDue(this.owner, free - handed.length, this.config.leaseMs) : []
    for (const { id, token } of claimed) this.begin(id, token)
    return handed.length + claimed.length
  }

  /**
   * Starts a step of a task whose lease `token` holds: the only place a step starts. A step of the task still running
   * here (its lease ran out, so it writes nothing) is waited for first, so that two never run at once in this process.
   */
  private begin(id: string, token: string, stored?: TaskRow): Promise<void> {
    const before = this.active.get(id)?.step
    const step = (before ? before.then(() => this.step(id, token)) : this.step(id, token, stored)).finally(() => {
      if (this.active.get(id)?.token === token) this.active.delete(id)
      this.wake() // a slot is free
    })
    this.active.set(id, { token, step })
    this.startHeartbeat() // a refresh steps tasks in a process whose loop does not run (WORKER_ENABLED=false) too
    return step
  }

  /** Leases are short so that a dead process's tasks are taken over soon; a live one renews those it holds. */
  private startHeartbeat(): void {
    this.heartbeat ??= setInterval(() => void this.renewLeases(), Math.max(100, Math.floor(this.config.leaseMs / 3))).unref()
  }

  private newToken(): string {
    return `${this.owner}:${++this.tokens}`
  }

  private async renewLeases(): Promise<void> {
    const held = [...[...this.active].map(([id, { token }]) => ({ id, token })), ...this.handed.map(heldOf)]
    try {
      const kept = new Set(await this.repo.renewLeases(held, this.config.leaseMs))
      const lost = held.filter((h) => !kept.has(h.id)).map((h) => h.id)
      if (lost.length) this.log.warn({ taskIds: lost }, 'leases no longer held (taken over, cancelled, or released as the step ended); steps that still run write nothing')
    } catch (err) {
      this.log.warn({ err }, 'could not renew leases')
    }
  }

  /**
   * One step of a task now (the refresh route). A step of it running here is joined, and so is a refresh of it in
   * progress here; a task waiting in the hand-off queue is started at once; otherwise the task is claimed, and a task
   * another process holds is left to it. Resolves when the step it joined or ran is over; false when none ran here.
   */
  runNow(id: string): Promise<boolean> {
    const running = this.active.get(id)
    if (running) return running.step.then(() => true)
    let refresh = this.refreshing.get(id)
    if (!refresh) {
      refresh = this.claimAndRun(id).finally(() => this.refreshing.delete(id))
      this.refreshing.set(id, refresh)
    }
    return refresh
  }

  private async claimAndRun(id: string): Promise<boolean> {
    if (this.stopped) return false
    const queued = this.handed.findIndex((t) => t.id === id)
    if (queued >= 0) {
      const [task] = this.handed.splice(queued, 1)
      await this.begin(id, heldOf(task).token, task)
      return true
    }
    const token = this.newToken()
    if (!(await this.repo.claimOne(id, token, this.config.leaseMs))) return false
    await this.begin(id, token)
    return true
  }

  /** One step of a task whose lease `token` holds: from `stored` (a task it just took over from its own process) or as read. */
  private async step(id: string, token: string, stored?: TaskRow): Promise<void> {
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
    let problem: Record<string, string> | undefined
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
      task.status = next.goOn.status as TaskRow['status']
      this.log.info({ taskId: task.id }, 'tax-bureau login is back; task resumes')
    }
    return true
  }

  /** Returns 'submitted', 'refused' (batch ended), or 'stop' (task rescheduled; stop this step). */
  private async submitBatch(task: TaskRow, batch: Batch, lease: TaskLease): Promise<'submitted' | 'refused' | 'stop'> {
    const reconciling = batch.state === 'sending'
    // Written before the call and guarded by the lease: a worker that lost its claim never sends.
    await lease.markSending(batch.seq, this.config.leaseMs, reconciling)
    const invoices = task.invoices.filter((i) => i.batchSeq === batch.seq)
    try {
      const { taskNo } = await this.vendor.invoiceRecorded(
        {
          taxNo: task.taxNo,
          nextEntryMarkStatus: task.nextEntryMarkStatus as EntryMarkTarget,
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
  private async pollBatch(task: TaskRow, batch: Batch, lease: TaskLease): Promise<'stop' | { done: boolean; applied: number; problem?: Record<string, string> }> {
    let results: { success: RecordedOutcome[]; fail: RecordedOutcome[] }
    try {
      results = await this.vendor.invoiceRecordedQueryAll({ taxNo: task.taxNo, taskNo: batch.vendorTaskNo as string }, callOptions(task))
    } catch (err) {
      const decision = afterQueryFailure(task, batch, err, this.config, this.clock)
      if ('task' in decision) {
        await this.retry(task, lease, err, decision.task, decision.sessionLost)
        return 'stop'
      }
      await lease.updateBatch(batch.seq, { polled: true })
      const { problem } = decision.keepPolling
      if (problem) this.log.warn({ taskId: task.id, batch: batch.seq, vendorTaskNo: batch.vendorTaskNo }, 'piaozone does not know a vendor task it created')
      return { done: false, applied: 0, problem }
    }
    await lease.updateBatch(batch.seq, { polled: true })
    const { outcomes, done } = matchResults(task, batch, results)
    await lease.applyOutcomes(outcomes)
    if (done) await lease.updateBatch(batch.seq, { state: 'done' })
    return { done, applied: outcomes.length }
  }

  /** The vendor certainly will not act on a batch: it ends, its pending invoices fail with the vendor's words. */
  private async refuseBatch(batch: Batch, lease: TaskLease, { refusal, reason }: { refusal: Record<string, string>; reason: string }): Promise<void> {
    await lease.refuseBatch(batch.seq, refusal, reason)
    // Kept in hand too: the rest of this step reads the task's standing error from it.
    Object.assign(batch, { state: 'refused', refusal })
    this.log.warn({ taskId: lease.taskId, batch: batch.seq, errorCode: refusal.vendorCode }, 'vendor refused a batch')
  }

  private async finish(lease: TaskLease): Promise<void> {
    const task = (await this.repo.getTask(lease.taskId)) as TaskRow
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
