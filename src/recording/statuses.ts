// The task statuses and invoice outcomes. The Prisma enums (prisma/schema.prisma) are the one list of each; the subsets below are
// checked against it at compile time, and the schemas, the repository, the worker, the metrics and the tests
// read them from here (docs/DESIGN.md has the state table).
import { InvoiceOutcome, TaskStatus } from '../generated/prisma/enums.ts'

/** Every status, in the order of the Prisma enum. */
export const TASK_STATUSES = Object.values(TaskStatus)
export type TaskStatusName = TaskStatus
/** An invoice's outcome in its task, in the order of the Prisma enum InvoiceOutcome. */
export const INVOICE_OUTCOMES = Object.values(InvoiceOutcome)

/** Not final: the vendor may still act, or a person may put the task back to work. */
export const UNFINISHED = ['accepted', 'submitted', 'waiting_tax_login', 'stalled'] as const satisfies readonly TaskStatus[]
/** What a worker claims and steps; a stalled task waits for POST …/resume. */
export const WORKABLE = ['accepted', 'submitted', 'waiting_tax_login'] as const satisfies readonly TaskStatus[]
/** The statuses a task may be cancelled in (and then only while nothing was sent). */
export const CANCELLABLE = ['accepted', 'waiting_tax_login', 'stalled'] as const satisfies readonly TaskStatus[]
/** Final: the task never changes again (but for the retries made from it). */
export const FINISHED = ['completed', 'partially_failed', 'failed', 'cancelled'] as const satisfies readonly TaskStatus[]
/** Final and reached by the worker: FINISHED but cancelled (a person's doing). The recording_task.finished event. */
export const SETTLED = ['completed', 'partially_failed', 'failed'] as const satisfies readonly (typeof FINISHED)[number][]

// Every status is either unfinished or finished: a status added to the enum and to neither list fails here.
const everyStatusPlaced: [Exclude<TaskStatus, (typeof UNFINISHED)[number] | (typeof FINISHED)[number]>] extends [never] ? true : never = true
void everyStatusPlaced

function among<T extends string>(values: readonly T[]) {
  const set = new Set<string>(values)
  return (status: string): status is T => set.has(status)
}
/** Type guards for the lists above. */
export const isUnfinished = among(UNFINISHED)
export const isFinished = among(FINISHED)
export const isWorkable = among(WORKABLE)
export const isSettled = among(SETTLED)

/**
 * Values as a list of SQL constants, for statements that filter on them (constants, not parameters, so an index on
 * the column serves them). Only for the fixed lists of this kind of module, never for input.
 */
export const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ')
export const UNFINISHED_SQL = sqlList(UNFINISHED)
export const WORKABLE_SQL = sqlList(WORKABLE)
