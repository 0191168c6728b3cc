// The gateway's one error model: a stable code, the HTTP status, a message, and where it applies the list of
// problems (field + rule) and the vendor's own code and Chinese message. Its words are in both languages (src/i18n);
// the error handler renders them in the language the request prefers.
import { type Lang, say, type Text, t } from './i18n/index.ts'

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
  rule: Text
}

/** A problem as an answer shows it, in one language. */
export const problemIn = (p: Problem, lang: Lang) => ({ field: p.field, rule: say(p.rule, lang) })

export interface VendorDetail {
  errorCode: string
  message: string
}

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    readonly text: Text,
    readonly extra: { details?: Problem[]; vendor?: VendorDetail; taskId?: string } = {},
  ) {
    super(text.en)
    this.name = 'AppError'
  }

  /** The answer's body in one language. */
  body(lang: Lang, requestId: string) {
    const { details, ...rest } = this.extra
    return {
      statusCode: this.statusCode,
      code: this.code,
      message: say(this.text, lang),
      requestId,
      ...rest,
      ...(details ? { details: details.map((p) => problemIn(p, lang)) } : {}),
    }
  }
}

/**
 * A 400's message: its first problem and how many more, so it says what to fix where it is read alone (a log line,
 * an ERP's alert). `listed`: how many of them `details` carries, when not all.
 */
export function problemsMessage(details: readonly Problem[], listed = details.length): Text {
  if (!details.length) return t('the request is invalid')
  const more = details.length - 1
  const first = { field: details[0].field, rule: details[0].rule }
  if (!more) return t('{field}: {rule}', first)
  if (listed < details.length) return t('{field}: {rule} (and {more} more problems; the first {listed} are listed in details)', { ...first, more, listed })
  if (more === 1) return t('{field}: {rule} (and 1 more problem)', first)
  return t('{field}: {rule} (and {more} more problems)', { ...first, more })
}

export const validationFailed = (details: Problem[]) => new AppError(400, 'VALIDATION_FAILED', problemsMessage(details), { details })
