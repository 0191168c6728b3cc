// The worker's storage in memory (src/recording/worker-store.ts): the SQL statements' rules, kept in a Map, so the
// worker's loop can be table-tested in milliseconds. What it does not keep (latest states, the audit trail, the
// webhook outbox) is the SQL implementation's, tested on both databases. Rows are copied in and out, as a database
// would: the worker changes the rows it reads.
import { randomUUID } from 'node:crypto'
import { type Held, LeaseLost } from '../../src/recording/lease.ts'
import type { TaskRow, TaskWrite } from '../../src/recording/repository.ts'
import { isWorkable } from '../../src/recording/statuses.ts'
import type { SessionSeen, TaskLease, TaxSessionStore, WorkerStore } from '../../src/recording/worker-store.ts'

type Session = SessionSeen & { checkedAt: Date }

export class MemoryStore implements WorkerStore, TaxSessionStore {
  private readonly tasks = new Map<string, TaskRow>()
  readonly sessions = new Map<string, Session>()

  constructor(readonly now: () => number = Date.now) {}

  add(task: TaskRow): void {
    this.tasks.set(task.id, structuredClone(task))
  }

  /** The task as stored now (a copy). */
  task(id: string): TaskRow {
    const task = this.tasks.get(id)
    if (!task) throw new Error(`no task ${id}`)
    return structuredClone(task)
  }

  /** Another process's claim, as its statement would make it: the lease passes to `token`. */
  takeOver(id: string, token: string, leaseMs: number): void {
    Object.assign(this.row(id), { leaseOwner: token, leaseUntil: new Date(this.now() + leaseMs) })
  }

  /** The stored row itself, for this store's own writes. */
  row(id: string): TaskRow {
    const task = this.tasks.get(id)
    if (!task) throw new Error(`no task ${id}`)
    return task
  }

  private claimable(task: TaskRow): boolean {
    const free = task.leaseUntil === null || task.leaseUntil.getTime() < this.now()
    return free && isWorkable(task.status)
  }

  async claimDue(owner: string, limit: number, leaseMs: number): Promise<Held[]> {
    const due = [...this.tasks.values()]
      .filter((t) => this.claimable(t) && t.nextAttemptAt.getTime() <= this.now())
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime())
      .slice(0, limit)
    return due.map((t) => {
      const token = `${owner}:${randomUUID()}`
      Object.assign(t, { leaseOwner: token, leaseUntil: new Date(this.now() + leaseMs) })
      return { id: t.id, token }
    })
  }

  async claimOne(id: string, token: string, leaseMs: number): Promise<boolean> {
    const task = this.tasks.get(id)
    if (!task || !this.claimable(task)) return false
    Object.assign(task, { leaseOwner: token, leaseUntil: new Date(this.now() + leaseMs) })
    return true
  }

  async renewLeases(held: Held[], leaseMs: number): Promise<string[]> {
    const kept = held.filter((h) => this.tasks.get(h.id)?.leaseOwner === h.token)
    for (const h of kept) this.row(h.id).leaseUntil = new Date(this.now() + leaseMs)
    return kept.map((h) => h.id)
  }

  async releaseLeases(held: Held[]): Promise<void> {
    for (const h of held) if (this.tasks.get(h.id)?.leaseOwner === h.token) Object.assign(this.row(h.id), { leaseOwner: null, leaseUntil: null })
  }

  async getTask(id: string): Promise<TaskRow | undefined> {
    const task = this.tasks.get(id)
    return task && structuredClone(task)
  }

  lease(taskId: string, token: string): TaskLease {
    return new MemoryLease(this, taskId, token)
  }

  async getTaxSession(taxNo: string) {
    return this.sessions.get(taxNo)
  }

  async resumeWaiting(taxNo: string): Promise<number> {
    const waiting = [...this.tasks.values()].filter((t) => t.taxNo === taxNo && t.status === 'waiting_tax_login')
    for (const task of waiting) task.nextAttemptAt = new Date(this.now())
    return waiting.length
  }

  async saveTaxSession(taxNo: string, seen: SessionSeen): Promise<boolean> {
    const wasOk = this.sessions.get(taxNo)?.state === 'ok'
    this.sessions.set(taxNo, { ...seen, checkedAt: new Date(this.now()) })
    return wasOk && seen.state !== 'ok'
  }
}

class MemoryLease implements TaskLease {
  constructor(
    private readonly store: MemoryStore,
    readonly taskId: string,
    readonly token: string,
  ) {}

  /** The task, while this step's token holds it; else LeaseLost, and nothing written. */
  private held(): TaskRow {
    const task = this.store.row(this.taskId)
    if (task.leaseOwner !== this.token) throw new LeaseLost(this.taskId)
    return task
  }

  private batch(seq: number) {
    const batch = this.held().batches.find((b) => b.seq === seq)
    if (!batch) throw new LeaseLost(this.taskId) // the statement matches no row
    return batch
  }

  async updateTask(data: TaskWrite): Promise<void> {
    this.write(data, false)
  }

  async release(data: TaskWrite): Promise<void> {
    this.write(data, true)
  }

  private write(d: TaskWrite, release: boolean): void {
    const task = this.held()
    const at = new Date(this.store.now())
    Object.assign(task, {
      status: d.status ?? task.status,
      attempts: d.attempts ?? task.attempts,
      error: d.error === undefined ? task.error : d.error,
      nextAttemptAt: d.nextAttemptAt ?? task.nextAttemptAt,
      progressAt: d.progressAt ?? task.progressAt,
      finishedAt: d.finishedAt ?? task.finishedAt,
      updatedAt: at,
      ...(release ? { leaseOwner: null, leaseUntil: null } : {}),
    })
  }

  async markSending(seq: number, leaseMs: number, resend: boolean): Promise<void> {
    const task = this.held()
    if (task.status === 'cancelled') throw new LeaseLost(this.taskId)
    const batch = this.batch(seq)
    task.leaseUntil = new Date(this.store.now() + leaseMs)
    task.sentAt ??= new Date(this.store.now())
    Object.assign(batch, { state: 'sending', resends: batch.resends + (resend ? 1 : 0) })
  }

  async updateBatch(seq: number, c: Parameters<TaskLease['updateBatch']>[1]): Promise<void> {
    const batch = this.batch(seq)
    Object.assign(batch, {
      state: c.state ?? batch.state,
      vendorTaskNo: c.vendorTaskNo ?? batch.vendorTaskNo,
      submittedAt: c.submittedAt ?? batch.submittedAt,
      refusals: c.refusals ?? batch.refusals,
      refusal: c.refusal ?? batch.refusal,
      polls: batch.polls + (c.polled ? 1 : 0),
    })
  }

  async applyOutcomes(outcomes: Parameters<TaskLease['applyOutcomes']>[0]): Promise<void> {
    if (!outcomes.length) return // as the SQL store: nothing to write, the lease not looked at
    const task = this.held()
    const invoices = outcomes.map((o) => task.invoices.find((i) => i.idx === o.idx))
    if (invoices.every((i) => !i)) throw new LeaseLost(this.taskId) // as the statement: no row changed is a lost lease
    outcomes.forEach(({ idx: _idx, vendorItem: _item, ...reported }, n) => {
      if (invoices[n]) Object.assign(invoices[n], reported)
    })
  }

  async refuseBatch(seq: number, refusal: Record<string, string>, reason: string): Promise<void> {
    Object.assign(this.batch(seq), { state: 'refused', refusal })
    for (const invoice of this.held().invoices) {
      if (invoice.batchSeq === seq && invoice.outcome === 'pending') Object.assign(invoice, { outcome: 'failed', failReason: reason })
    }
  }
}
