// The webhook event types, once: the schemas, the OpenAPI document's `webhooks` and the statements that write the
// outbox name them from here.
import type { TaskStatus } from '../generated/prisma/enums.ts'
import { SETTLED, sqlList } from '../recording/statuses.ts'

export const TASK_EVENT_TYPES = ['recording_task.finished', 'recording_task.waiting_tax_login', 'recording_task.stalled'] as const
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number]

/** The statuses that raise each task event when a task enters one of them. */
export const TASK_EVENT_STATUSES: Record<TaskEventType, readonly TaskStatus[]> = {
  'recording_task.finished': SETTLED,
  'recording_task.waiting_tax_login': ['waiting_tax_login'],
  'recording_task.stalled': ['stalled'],
}

export const SESSION_LOST_EVENT = 'tax_number.session_lost'
export const RUN_FINISHED_EVENT = 'auto_entry.run_finished'

/** SQL naming the task event that a task in `status` (a column) raises, or NULL: for the statement writing the outbox. */
export const taskEventTypeSql = (status: string): string =>
  `CASE ${TASK_EVENT_TYPES.map((type) => `WHEN ${status} IN (${sqlList(TASK_EVENT_STATUSES[type])}) THEN '${type}'`).join(' ')} END`
