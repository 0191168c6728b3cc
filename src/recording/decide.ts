// The worker's decisions, pure: given a task as read, a vendor answer and the clock, what to write. No database,
// no vendor, no timers: time and randomness come in through a Clock, so the state machine of docs/DESIGN.md is
// tested as tables (test/recording/decide.test.ts). src/recording/worker-step.ts only reads, calls and writes.
import { isRecord } from '../guards.ts'
import { BusinessError } from '../piaozone/errors.ts'
import type { RecordedOutcome, TaxLoginResult } from '../piaozone/types.ts'
import type { BatchChange } from './lease.ts'
import type { InvoiceOutcomeRow, TaskError, TaskRow, TaskWrite } from './repository.ts'
import { invoiceKey } from './validate.ts'
import { type AnswerRules, classifyQueryFailure, classifySubmitFailure, taskError } from './vendor-answers.ts'
import { t } from '../i18n/index.ts'

export interface Clock {
  now(): number
  /** In [0, 1). */
  random(): number
}
export const systemClock: Clock = { now: Date.now, random: Math.random }

export interface DecideConfig {
  pollIntervalMs: number
  pollMaxIntervalMs: number
  retryBaseMs: number
  retryMaxMs: number
  taxLoginRetryMs: number
  answers: AnswerRules
  submitMaxRefusals: number
  taskNotFoundGraceMs: number
  stallAfterMs: number
}

export type { TaskWrite } from './repository.ts'
export type Batch = TaskRow['batches'][number]
type Invoice = TaskRow['invoices'][number]

const jittered = (ms: number, clock: Clock) => Math.round(ms * (0.5 + clock.random() / 2))
const at = (clock: Clock, inMs = 0) => new Date(clock.now() + inMs)

/** A stored refusal (a JSON column) as written: an object of strings (TaskLease.refuseBatch's `refusal`). */
const isTaskError = (value: unknown): value is TaskError =>
  isRecord(value) && Object.values(value).every((v) => typeof v === 'string')

/** What a task shows while nothing is wrong now: the refusal that ended one of its batches, if any. */
export function standingError(task: Pick<TaskRow, 'batches'>): TaskError | null {
  for (const b of task.batches) if (b.state === 'refused' && isTaskError(b.refusal)) return b.refusal
  return null
}

/**
 * Without progress for stallAfterMs a task becomes `stalled`: no more automatic work until POST …/resume. A task
 * waiting for a person's tax-bureau login is not stalled: it has its own state and lever.
 */
export function stallIfStuck(task: TaskRow, next: TaskWrite, config: DecideConfig, clock: Clock): TaskWrite {
  if (clock.now() - task.progressAt.getTime() < config.stallAfterMs || task.status === 'waiting_tax_login') return next
  return { ...next, status: 'stalled' }
}

/** Trouble that passes: back off (doubling, jittered, capped), showing the problem meanwhile; or stall. */
export function retryLater(task: TaskRow, error: TaskError, config: DecideConfig, clock: Clock): TaskWrite {
  const attempts = task.attempts + 1
  const delay = Math.min(config.retryBaseMs * 2 ** (attempts - 1), config.retryMaxMs)
  return stallIfStuck(task, { attempts, error, nextAttemptAt: at(clock, jittered(delay, clock)) }, config, clock)
}

/** The error a passing vendor problem shows: the vendor's own code and message when it answered. */
export const troubleError = (err: unknown): TaskError => taskError(err, err instanceof BusinessError ? 'UPSTREAM_RETRYING' : undefined)

/** The tax-bureau session is gone: wait for a login, checked again every taxLoginRetryMs. */
export function waitForTaxLogin(err: BusinessError, config: DecideConfig, clock: Clock): TaskWrite {
  return { status: 'waiting_tax_login', error: taskError(err, 'TAX_SESSION_GONE'), nextAttemptAt: at(clock, config.taxLoginRetryMs) }
}

/** After a taxLogin check: wait for a person, or go on (resuming a waiting task). */
export function afterTaxLogin(task: TaskRow, login: TaxLoginResult, config: DecideConfig, clock: Clock): { wait: TaskWrite } | { goOn: (TaskWrite & Pick<TaskRow, 'status'>) | undefined } {
  if (login.needAuth) {
    const error = { code: 'TAX_LOGIN_REQUIRED', message: t('the tax bureau needs an interactive login (SMS/face/QR) at loginWebUrl').en, loginWebUrl: login.loginWebUrl ?? '' }
    return { wait: { status: 'waiting_tax_login', error, nextAttemptAt: at(clock, config.taxLoginRetryMs) } }
  }
  if (task.status !== 'waiting_tax_login') return { goOn: undefined }
  return { goOn: { status: task.batches.some((b) => b.vendorTaskNo) ? 'submitted' : 'accepted', error: null } }
}

/** Every unsent batch that could be sent was: poll soon. */
export function afterSubmits(task: TaskRow, config: DecideConfig, clock: Clock): TaskWrite {
  return { status: 'submitted', attempts: 0, progressAt: at(clock), error: standingError(task), nextAttemptAt: at(clock, config.pollIntervalMs) }
}

export type SubmitFailure =
  /** The vendor certainly will not act on the batch: it is refused, its pending invoices fail with `reason`. */
  | { refuse: { refusal: TaskError; reason: string } }
  /** Stop this step: write `batch` (if any) and `task`; `sessionLost` when the tax-bureau session is gone. */
  | { batch?: BatchChange; task: TaskWrite; sessionLost?: BusinessError }

/**
 * A 4.16 send failed. `reconciling`: this send repeated one of unknown fate. Follows the rule of docs/DESIGN.md:
 * only a final refusal, or many unclassified refusals with no send of unknown fate, end the batch.
 */
export function afterSubmitFailure(task: TaskRow, batch: Batch, reconciling: boolean, err: unknown, config: DecideConfig, clock: Clock): SubmitFailure {
  const verdict = classifySubmitFailure(err, config.answers)
  if (verdict === 'not_sent') return { batch: { state: 'pending' }, task: retryLater(task, troubleError(err), config, clock) }
  // The other verdicts are the vendor's own answers, given to a BusinessError only; anything else would be taken as
  // unknown fate, the safe way: the batch stays `sending` and the next attempt reconciles it.
  if (verdict === 'unknown_fate' || !(err instanceof BusinessError)) return { task: retryLater(task, troubleError(err), config, clock) }
  const refuse = { refuse: { refusal: taskError(err, 'UPSTREAM_REJECTED'), reason: `${err.vendorCode} ${err.vendorMessage}` } }
  switch (verdict) {
    case 'final':
      return refuse
    case 'tax_login':
      return { batch: { state: 'pending' }, task: waitForTaxLogin(err, config, clock), sessionLost: err }
    case 'refused': {
      // Never given up while an earlier send may have been acted on: its refusal may mean "I have that one already".
      const refusals = batch.refusals + 1
      const mayHaveActed = reconciling || batch.resends > 0
      if (refusals >= config.submitMaxRefusals && !mayHaveActed) return refuse
      const limit = mayHaveActed ? t('an earlier send may have reached the vendor, so it is never given up') : t('given up after {max}', { max: config.submitMaxRefusals })
      const error = { ...taskError(err, 'UPSTREAM_RETRYING'), message: t('{message} (refusal {n}; {limit})', { message: err.message, n: refusals, limit }).en }
      return { batch: { state: 'pending', refusals }, task: retryLater(task, error, config, clock) }
    }
  }
}

export type QueryFailure =
  /** Stop this step and write `task`. */
  | { task: TaskWrite; sessionLost?: BusinessError }
  /** Go on with the other batches; this one is not done. `problem` is shown on the task. */
  | { keepPolling: { problem?: TaskError } }

/** A 4.17 read failed. A read never fails an invoice: not even "task not found". */
export function afterQueryFailure(task: TaskRow, batch: Batch, err: unknown, config: DecideConfig, clock: Clock): QueryFailure {
  const verdict = classifyQueryFailure(err)
  // tax_login and not_found are the vendor's own answers (a BusinessError); anything else is read again.
  if (verdict === 'retry' || !(err instanceof BusinessError)) return { task: retryLater(task, troubleError(err), config, clock) }
  if (verdict === 'tax_login') return { task: waitForTaxLogin(err, config, clock), sessionLost: err }
  // Not visible yet shortly after the submit; later, a problem for an operator, never the invoices' outcome.
  const ageMs = clock.now() - (batch.submittedAt ?? batch.updatedAt).getTime()
  if (ageMs < config.taskNotFoundGraceMs) return { keepPolling: {} }
  const message = t("piaozone does not know its task {taskNo}, {seconds} s after creating it; the invoices' outcome is unknown, so they stay pending and the gateway keeps asking. An operator should look the task up in 发票云.", { taskNo: String(batch.vendorTaskNo), seconds: Math.round(ageMs / 1000) }).en
  return { keepPolling: { problem: { ...taskError(err, 'VENDOR_TASK_NOT_FOUND'), message } } }
}

/**
 * Matches a batch's 4.17 results to its pending invoices: by invoice code + number (the serial may be the vendor's
 * own id), or etaxInvoiceNo, the serial only as a fallback. `done` when every invoice of the batch has an outcome.
 */
export function matchResults(task: TaskRow, batch: Batch, results: { success: RecordedOutcome[]; fail: RecordedOutcome[] }): { outcomes: InvoiceOutcomeRow[]; done: boolean } {
  const pending = task.invoices.filter((i) => i.batchSeq === batch.seq && i.outcome === 'pending')
  const byNumber = new Map(pending.map((i) => [invoiceKey(i.invoiceNo, i.invoiceCode), i]))
  const bySerial = new Map(pending.filter((i): i is Invoice & { serialNo: string } => !!i.serialNo).map((i) => [i.serialNo, i]))
  const matched = new Set<number>()
  const outcomes: InvoiceOutcomeRow[] = []
  const collect = (item: RecordedOutcome, ok: boolean) => {
    const inv = byNumber.get(invoiceKey(item.invoiceNo, item.invoiceCode)) ?? byNumber.get(invoiceKey(item.etaxInvoiceNo ?? '', '')) ?? bySerial.get(item.serialNo)
    if (!inv || matched.has(inv.idx)) return
    matched.add(inv.idx)
    // After a resend of unknown fate, "cannot change to X" for an invoice already at X means our first send did
    // it: the requested state holds.
    const alreadyThere = !ok && batch.resends > 0 && item.entryMarkStatus === task.nextEntryMarkStatus
    outcomes.push({
      idx: inv.idx,
      outcome: ok || alreadyThere ? 'succeeded' : 'failed',
      preEntryMarkStatus: item.preEntryMarkStatus ?? null,
      entryMarkStatus: item.entryMarkStatus || null,
      failReason: ok || alreadyThere ? null : (item.failReason ?? 'the vendor gave no reason'),
      invoiceType: item.invoiceType ?? null,
      invoiceDate: item.invoiceDate ?? null,
      etaxInvoiceNo: item.etaxInvoiceNo || null,
      vendorItem: item.raw,
    })
  }
  for (const item of results.success) collect(item, true)
  for (const item of results.fail) collect(item, false)
  return { outcomes, done: matched.size === pending.length }
}

/** Not every batch is done: poll again, backing off with the number of polls; stall only without progress. */
export function nextPoll(task: TaskRow, progressed: boolean, problem: TaskError | undefined, config: DecideConfig, clock: Clock): TaskWrite {
  const polls = Math.max(...task.batches.map((b) => b.polls + 1))
  const delay = Math.min(config.pollIntervalMs * 2 ** Math.max(0, polls - 1), config.pollMaxIntervalMs)
  const next: TaskWrite = { attempts: 0, error: problem ?? standingError(task), nextAttemptAt: at(clock, jittered(delay, clock)) }
  return progressed ? { ...next, progressAt: at(clock) } : stallIfStuck(task, next, config, clock)
}

/** Every invoice has an outcome: the final status, and an error that says why whenever the task failed. */
export function finish(task: TaskRow, clock: Clock): TaskWrite {
  const succeeded = task.invoices.filter((i) => i.outcome === 'succeeded').length
  const status = succeeded === task.invoiceCount ? 'completed' : succeeded === 0 ? 'failed' : 'partially_failed'
  const refusal = standingError(task)
  const error = refusal !== null || status !== 'failed' ? refusal : { code: 'ALL_INVOICES_REFUSED', message: t("piaozone refused every invoice; each invoice's failReason says why").en }
  return { status, error, progressAt: at(clock), finishedAt: at(clock) }
}
