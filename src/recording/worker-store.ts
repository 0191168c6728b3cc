// What the worker needs of storage, and nothing more: claim, renew and release leases, read a task, and write to a
// task only through the lease of the step that holds it. RecordingRepository is the SQL implementation (its
// statements are tested on PGlite and Postgres); test/helpers/memory-store.ts is a memory one, so the worker's loop
// is table-tested without a database (test/recording/worker-loop.test.ts). The model is platformatic/job-queue's
// Storage.
import type { TaxSession } from '../generated/prisma/client.ts'
import type { BatchChange, Held } from './lease.ts'
import type { InvoiceOutcomeRow, TaskRow, TaskWrite } from './repository.ts'

/** Every write a step makes to the task it holds; each throws LeaseLost once the step's token no longer holds it. */
export interface TaskLease {
  readonly taskId: string
  readonly token: string
  /** The task's next state (status, schedule, error …), the lease kept. */
  updateTask(data: TaskWrite): Promise<void>
  /** The task's next state, and the lease given up. */
  release(data: TaskWrite): Promise<void>
  /** The batch is `sending`, the lease renewed and the task's first send recorded: durable before the vendor is called. Refused for a cancelled task. */
  markSending(seq: number, leaseMs: number, resend: boolean): Promise<void>
  updateBatch(seq: number, change: BatchChange): Promise<void>
  /** What the vendor reported for some of the task's invoices. */
  applyOutcomes(outcomes: InvoiceOutcomeRow[]): Promise<void>
  /** The vendor certainly will not act on the batch: it ends `refused`, its pending invoices fail with `reason`. */
  refuseBatch(seq: number, refusal: Record<string, string>, reason: string): Promise<void>
}

export interface WorkerStore {
  /** Up to `limit` due tasks, each leased to a token of its own starting with `owner`; never one another holds. */
  claimDue(owner: string, limit: number, leaseMs: number): Promise<Held[]>
  /** Leases task `id` to `token` unless someone holds it, or it is not workable. */
  claimOne(id: string, token: string, leaseMs: number): Promise<boolean>
  /** Renews the leases still held by their tokens; returns the ids still held. */
  renewLeases(held: Held[], leaseMs: number): Promise<string[]>
  /** Gives up the leases still held by their tokens, nothing else changed. */
  releaseLeases(held: Held[]): Promise<void>
  getTask(id: string): Promise<TaskRow | undefined>
  /** The writes of the step holding `taskId` as `token`. */
  lease(taskId: string, token: string): TaskLease
}

/** What a check or a refusal showed of a tax number's tax-bureau session. */
export type SessionSeen = Pick<TaxSession, 'state'> & Partial<Pick<TaxSession, 'loginWebUrl' | 'vendorCode' | 'vendorMessage'>>

/** The tax-bureau sessions, by tax number (src/tax-numbers/sessions.ts). */
export interface TaxSessionStore {
  getTaxSession(taxNo: string): Promise<Pick<TaxSession, 'state' | 'checkedAt'> | undefined>
  /** Records what was seen; true when a session that was fine is not any more. */
  saveTaxSession(taxNo: string, seen: SessionSeen, account?: string | null): Promise<boolean>
  /** Makes the tasks of the tax number waiting for its login due now; how many. */
  resumeWaiting(taxNo: string): Promise<number>
}
