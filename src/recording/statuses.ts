// The task statuses, once (docs/DESIGN.md has the state table): the schemas, the repository, the worker and the
// metrics all read them from here.
export const TASK_STATUSES = ['accepted', 'submitted', 'waiting_tax_login', 'stalled', 'completed', 'partially_failed', 'failed', 'cancelled'] as const
export type TaskStatusName = (typeof TASK_STATUSES)[number]

/** Not final: the vendor may still act, or a person may put the task back to work. */
export const UNFINISHED = ['accepted', 'submitted', 'waiting_tax_login', 'stalled'] as const
/** UNFINISHED as a list of SQL constants, for statements that filter on it (constants, so an index on status serves them). */
export const UNFINISHED_SQL = UNFINISHED.map((s) => `'${s}'`).join(', ')
/** What a worker claims and steps; a stalled task waits for POST …/resume. */
export const WORKABLE = ['accepted', 'submitted', 'waiting_tax_login'] as const
/** The statuses a task may be cancelled in (and then only while nothing was sent). */
export const CANCELLABLE = ['accepted', 'waiting_tax_login', 'stalled'] as const
/** Final: the task never changes again (but for the retries made from it). */
export const FINISHED = ['completed', 'partially_failed', 'failed', 'cancelled'] as const
