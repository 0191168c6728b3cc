// What a vendor answer means for the work, by operation. The rule (docs/DESIGN.md): only an answer that
// certainly means "the vendor did not and will not act" may fail an invoice; everything else keeps the work
// alive with backoff and shows the vendor's code and message. Pure: the worker acts on these verdicts.
import { AuthError, BusinessError, TransportError, vendorFailure } from '../piaozone/errors.ts'
import { t } from '../i18n/index.ts'

export interface AnswerRules {
  /** 4.16 refusal codes that certainly mean the vendor will never act on the batch (PIAOZONE_FINAL_CODES). */
  finalCodes: string[]
  /** Refusal codes that mean "busy, try later": retried without counting (PIAOZONE_RETRY_CODES). */
  retryCodes: string[]
  /** Refusal messages that mean the same, whatever the code (PIAOZONE_RETRY_PATTERN). */
  retryPattern: RegExp
}

/** 4.17's documented "no such task" (未查询到相关任务): expected for a while after the task was created. */
export const TASK_NOT_FOUND_CODE = '0201'

/**
 * What a failed 4.16 (invoiceRecorded) means for its batch:
 * - `final`: refused with a final code; the batch's invoices fail with the vendor's words.
 * - `tax_login`: the tax-bureau session is gone; the batch waits for a login, unsent.
 * - `not_sent`: certainly not acted on (no connection, token or credentials refused, busy); send again later.
 * - `refused`: refused with a code nobody classified; send again later, and give up after a number of these
 *   if no earlier send of the batch is of unknown fate.
 * - `unknown_fate`: the vendor may have acted (timeout after sending, dropped connection, 5xx, garbled or
 *   incomplete answer); reconcile by sending again with the same requestId.
 */
export type SubmitVerdict = 'final' | 'tax_login' | 'not_sent' | 'refused' | 'unknown_fate'

export function classifySubmitFailure(err: unknown, rules: AnswerRules): SubmitVerdict {
  if (err instanceof BusinessError) {
    if (err.needsTaxLogin) return 'tax_login'
    if (rules.finalCodes.includes(err.vendorCode)) return 'final'
    if (isBusy(err, rules)) return 'not_sent'
    return 'refused'
  }
  if (err instanceof AuthError) return 'not_sent'
  if (err instanceof TransportError && !err.maybeDelivered) return 'not_sent'
  return 'unknown_fate'
}

/**
 * What a failed 4.17 (invoiceRecordedQuery) means. A query is a read: no answer to it fails an invoice.
 * - `tax_login`: the session is gone; wait for a login, then read again.
 * - `not_found`: the vendor does not know the task (yet); read again, and after a grace period show it as a
 *   problem for an operator.
 * - `retry`: anything else; read again with backoff.
 */
export type QueryVerdict = 'tax_login' | 'not_found' | 'retry'

export function classifyQueryFailure(err: unknown): QueryVerdict {
  if (err instanceof BusinessError && err.needsTaxLogin) return 'tax_login'
  if (err instanceof BusinessError && err.vendorCode === TASK_NOT_FOUND_CODE) return 'not_found'
  return 'retry'
}

function isBusy(err: BusinessError, rules: AnswerRules): boolean {
  return rules.retryCodes.includes(err.vendorCode) || rules.retryPattern.test(err.vendorMessage)
}

/** The `error` a task shows for a vendor failure: our code, and the vendor's own code and message beside it. */
export function taskError(err: unknown, code?: string): Record<string, string> {
  const failure = vendorFailure(err)
  if (!failure) return { code: 'INTERNAL', message: t('unexpected error in the worker').en }
  const { error } = failure
  if (failure.kind === 'unavailable') return { code: code ?? (error.code === 'UPSTREAM_PROTOCOL' ? 'UPSTREAM_PROTOCOL' : 'UPSTREAM_UNAVAILABLE'), message: error.message }
  return {
    code: code ?? (failure.kind === 'auth' ? 'UPSTREAM_AUTH' : 'UPSTREAM_REJECTED'),
    message: error.message,
    vendorCode: failure.vendorCode,
    vendorMessage: failure.vendorMessage,
  }
}
