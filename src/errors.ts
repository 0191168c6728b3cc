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

export const validationFailed = (details: Problem[]) =>
  new AppError(400, 'VALIDATION_FAILED', `the request has ${details.length} problem${details.length === 1 ? '' : 's'}`, { details })
