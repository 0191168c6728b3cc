// The gateway's one error model: a stable code, the HTTP status, a message, and where it applies the list of
// problems (field + rule) and the vendor's own code and Chinese message. The error handler renders it.

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'NOT_FOUND'
  | 'TASK_NOT_FOUND'
  | 'INVOICE_NOT_FOUND'
  | 'INVOICE_IN_UNFINISHED_TASK'
  | 'IDEMPOTENCY_CONFLICT'
  | 'TASK_NOT_STALLED'
  | 'TASK_NOT_CANCELLABLE'
  | 'TASK_UNFINISHED'
  | 'NOTHING_FAILED'
  | 'DELIVERY_NOT_FOUND'
  | 'RULE_NOT_FOUND'
  | 'RUN_NOT_FOUND'
  | 'CANDIDATE_NOT_FOUND'
  | 'CANDIDATE_IN_USE'
  | 'RUN_IN_PROGRESS'
  | 'RULE_DISABLED'
  | 'NO_WEBHOOK_ENDPOINT'
  | 'DATABASE_UNAVAILABLE'
  | 'IDEMPOTENCY_IN_PROGRESS'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'UPSTREAM_REJECTED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'INTERNAL'

export interface Problem {
  /** Where: `taxNo`, `invoices[3].invoiceNo`, `header Idempotency-Key` … */
  field: string
  /** The rule it broke, in words. */
  rule: string
}

export interface VendorDetail {
  errorCode: string
  message: string
}

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { details?: Problem[]; vendor?: VendorDetail; taskId?: string } = {},
  ) {
    super(message)
    this.name = 'AppError'
  }
}

/**
 * A 400's message: its first problem and how many more, so it says what to fix where it is read alone (a log line,
 * an ERP's alert). `listed`: how many of them `details` carries, when not all.
 */
export function problemsMessage(details: readonly Problem[], listed = details.length): string {
  if (!details.length) return 'the request is invalid'
  const more = details.length - 1
  const cut = listed < details.length ? `; the first ${listed} are listed in details` : ''
  return `${details[0].field}: ${details[0].rule}${more ? ` (and ${more} more problem${more === 1 ? '' : 's'}${cut})` : ''}`
}

export const validationFailed = (details: Problem[]) => new AppError(400, 'VALIDATION_FAILED', problemsMessage(details), { details })
