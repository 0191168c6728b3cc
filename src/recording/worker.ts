// The worker takes stored tasks to their end: submits each vendor batch once, polls the results with backoff,
// and finishes the task. Safe in any number of processes: tasks are claimed with FOR UPDATE SKIP LOCKED and a
// lease, and every write checks the lease. docs/DESIGN.md states the state machine and its guarantees. This file
// decides which task runs when (the loop's claims, hand-offs, refreshes, leases renewed); one step of a task is
// src/recording/worker-step.ts.
import { randomUUID } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { WorkLoop } from '../work-loop.ts'
import type { PiaozoneAccounts } from '../piaozone/accounts.ts'
import { type Clock, systemClock } from './decide.ts'
import type { Held } from './lease.ts'
import type { TaskRow } from './repository.ts'
import type { TaxSessions } from '../tax-numbers/sessions.ts'
import type { AnswerRules } from './vendor-answers.ts'
import { TaskStepper } from './worker-step.ts'
import type { WorkerStore } from './worker-store.ts'

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

/** A task handed to this worker, as stored, and the lease token it was stored with. */
type Handed = Held & { task: TaskRow }

/**
 * One runner per task: every step of a task, whoever asks for it (the loop's claim, a hand-off, a refresh), runs under
 * a lease token of its own, and this process starts a step only through `begin`, which refuses a second one while the
 * first runs. Across processes the lease decides; in this one, `active` does.
 *
 * Emits `idle` after each look for work that found none (nothing handed, nothing claimed) while no step runs and no
 * refresh claims here: the metrics count these (gateway_worker_idle_passes_total), and tests await them to know that
 * a task they expect left alone was not worked on, instead of sleeping and hoping.
 */
export class Worker extends EventEmitter<{ idle: [] }> {
  /** This process's worker; every lease token it holds starts with it. */
  readonly owner = `worker-${randomUUID()}`
  private readonly loop: WorkLoop
  private readonly stepper: TaskStepper
  /** Tasks being stepped now, and the steps themselves (stop() waits for them; a refresh joins them). */
  private readonly active = new Map<string, { token: string; step: Promise<void> }>()
  /**
   * Tasks this process accepted, stored leased to this worker, waiting for a free slot. At most `concurrency` wait:
   * a burst beyond that is left to every instance's worker.
   */
  private readonly handed: Handed[] = []
  /** Refreshes in progress here, by task: a second refresh of a task waits for the first instead of claiming. */
  private readonly refreshing = new Map<string, Promise<boolean>>()
  private heartbeat: NodeJS.Timeout | undefined
  private tokens = 0
  /** After stop(): no step starts here until start(). */
  private stopped = false

  constructor(
    private readonly repo: WorkerStore,
    vendor: PiaozoneAccounts,
    taxSessions: TaxSessions,
    private readonly config: WorkerConfig,
    private readonly log: WorkerLogger,
    onRetry: (code: string) => void = () => {},
    clock: Clock = systemClock,
  ) {
    super()
    this.stepper = new TaskStepper(repo, vendor, taxSessions, config, log, onRetry, clock)
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
    await this.repo.releaseLeases(this.handed.splice(0)).catch((err) => this.log.warn({ err }, 'could not release leases'))
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
    const token = task.leaseOwner
    // A row stored without a lease was not handed over (handoffLease said no): the claims find it as any due task.
    if (token !== null) {
      if (this.loop.isRunning && this.handed.length < this.config.concurrency) this.handed.push({ id: task.id, token, task })
      else void this.repo.releaseLeases([{ id: task.id, token }]).catch((err) => this.log.warn({ err, taskId: task.id }, 'could not release a lease'))
    }
    this.wake()
  }

  /** Starts handed and due tasks up to the free slots; returns how many it started. */
  private async fillSlots(): Promise<number> {
    const free = this.config.concurrency - this.active.size
    if (free <= 0) return 0
    const handed = this.handed.splice(0, free)
    for (const { id, token, task } of handed) this.begin(id, token, task)
    const claimed = handed.length < free ? await this.repo.claimDue(this.owner, free - handed.length, this.config.leaseMs) : []
    for (const { id, token } of claimed) this.begin(id, token)
    const started = handed.length + claimed.length
    // Idle: nothing started, nothing stepping, and nothing on its way in (a task handed over, or a refresh claiming,
    // while this look waited for the store).
    if (started === 0 && this.active.size === 0 && this.handed.length === 0 && this.refreshing.size === 0) this.emit('idle')
    return started
  }

  /**
   * Starts a step of a task whose lease `token` holds: the only place a step starts. A step of the task still running
   * here (its lease ran out, so it writes nothing) is waited for first, so that two never run at once in this process.
   */
  private begin(id: string, token: string, stored?: TaskRow): Promise<void> {
    const before = this.active.get(id)?.step
    const step = (before ? before.then(() => this.stepper.step(id, token)) : this.stepper.step(id, token, stored)).finally(() => {
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
    const held = [...[...this.active].map(([id, { token }]) => ({ id, token })), ...this.handed]
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
      const [{ token, task }] = this.handed.splice(queued, 1)
      await this.begin(id, token, task)
      return true
    }
    const token = this.newToken()
    if (!(await this.repo.claimOne(id, token, this.config.leaseMs))) return false
    await this.begin(id, token)
    return true
  }
}
