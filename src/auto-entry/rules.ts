// Automatic 入账 as pure functions: which rule takes a candidate invoice and why another does not, what 入账属期 and
// 入账时间 it gets, and the problems of a rule as given. No database, no clock of its own: table-tested in
// test/auto-entry/rules.test.ts; the service and the runs call these and nothing else decides.
import { Cron } from 'croner'
import type { Static } from 'typebox'
import type { Problem } from '../errors.ts'
import { errorMessage } from '../guards.ts'
import { isUnfinished } from '../recording/statuses.ts'
import { chinaToday } from '../recording/validate.ts'
import { t } from '../i18n/index.ts'
import type { RuleBody } from './schemas.ts'

/** The tax bureau's 发票种类代码 a candidate may carry (docs/AUTO-ENTRY.md lists them; ask to extend). */
export const INVOICE_TYPES: Record<string, string> = {
  '01': '增值税专用发票',
  '03': '机动车销售统一发票',
  '04': '增值税普通发票',
  '08': '增值税电子专用发票',
  '10': '增值税电子普通发票',
  '14': '增值税电子普通发票（通行费）',
  '15': '二手车销售统一发票',
  '61': '电子发票（航空运输电子客票行程单）',
  '81': '电子发票（增值税专用发票）',
  '82': '电子发票（普通发票）',
}

export const CANDIDATE_STATES = ['normal', 'red_reversed', 'void', 'abnormal'] as const

export interface Candidate {
  taxNo: string
  invoiceCode: string
  invoiceNo: string
  invoiceType: string
  issueDate: string
  source: string
  documentType: string | null
  documentStatus: string | null
  voucherPeriod: string | null
  voucherDate: string | null
  state: string
  sellerTaxNo: string | null
  amount: string | null
}

/** Which candidates a rule takes, as PUT /v1/auto-entry/rules/{name} takes it (its schema in schemas.ts). */
export type RuleMatch = Static<typeof RuleBody>['match']
/** The 入账状态, 入账属期 and 入账时间 a rule submits with. */
export type RuleAction = Static<typeof RuleBody>['action']

export interface Rule {
  name: string
  enabled: boolean
  priority: number
  taxNos: string[]
  match: RuleMatch
  action: RuleAction
  schedule: string
  timeZone: string
}

/**
 * A rule as ruleProblems reads it: a typed Rule (PUT, once its schema passed), or what a body that failed its schema
 * holds (src/auto-entry/routes.ts), so every field of match and action may be anything.
 */
export type RuleToCheck = Pick<Rule, 'schedule' | 'timeZone'> & { match: { [K in keyof RuleMatch]?: unknown }; action: { [K in keyof RuleAction]?: unknown } }

/** The problems of a rule as given, each naming its field and the fix (beyond what its schema checks). */
export function ruleProblems(rule: RuleToCheck): Problem[] {
  const problems: Problem[] = []
  const fields = rule.schedule.trim().split(/\s+/).length
  const nickname = /^@(yearly|annually|monthly|weekly|daily|hourly)$/.test(rule.schedule.trim())
  if (!nickname && fields !== 5 && fields !== 6) {
    problems.push({ field: 'schedule', rule: t('must be cron with 5 fields (minute hour day month weekday), 6 with seconds first, or @daily/@weekly/@monthly/@yearly/@hourly; got {fields}, e.g. "0 22 * * *" for 22:00 every day', { fields }) })
  } else {
    try {
      new Cron(rule.schedule, { paused: true })
    } catch (err) {
      problems.push({ field: 'schedule', rule: t('is not a cron expression croner reads ({detail}), e.g. "0 22 * * *" for 22:00 every day', { detail: errorMessage(err) }) })
    }
  }
  if (!validTimeZone(rule.timeZone)) problems.push({ field: 'timeZone', rule: t('is not an IANA time zone, e.g. Asia/Shanghai') })
  const invoiceTypes: unknown[] = Array.isArray(rule.match.invoiceTypes) ? rule.match.invoiceTypes : []
  invoiceTypes.forEach((type, i) => {
    if (!(String(type) in INVOICE_TYPES)) problems.push({ field: `match.invoiceTypes[${i}]`, rule: t('must be one of the 发票种类代码 {codes}', { codes: Object.keys(INVOICE_TYPES).join(', ') }) })
  })
  if (rule.action.nextEntryMarkStatus === '06') {
    problems.push({ field: 'action.nextEntryMarkStatus', rule: t('must be 02 or 03: 06 (入账撤销) is never automatic; submit it with POST /v1/recording-tasks and a reason') })
  }
  // Without a voucher there is no period or time to take from it: refused here rather than guessed per invoice.
  for (const field of ['recordedPeriod', 'recordedTime'] as const) {
    if (rule.action[field] === 'voucher' && !rule.match.requireVoucher) {
      problems.push({ field: `action.${field}`, rule: t('may be "voucher" only with match.requireVoucher: true (an invoice without a voucher has none to take)') })
    }
  }
  const { amountMin, amountMax } = rule.match
  if (typeof amountMin === 'number' && typeof amountMax === 'number' && amountMin > amountMax) problems.push({ field: 'match.amountMax', rule: t('must not be below amountMin ({amountMin})', { amountMin }) })
  return problems
}

function validTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone })
    return true
  } catch {
    return false
  }
}

/** yyyyMMdd of `days` after a yyyyMMdd date. */
function addDays(yyyymmdd: string, days: number): string {
  const d = new Date(Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6))) + days * 86_400_000)
  return d.toISOString().slice(0, 10).replace(/-/g, '')
}

const listed = (list: string[] | undefined, value: string | null) => !list?.length || (value !== null && list.includes(value))

/**
 * Why a rule does not take a candidate now, in plain words (empty: it does). `waiting` reasons mean it will, later.
 */
export function mismatches(rule: Rule, c: Candidate, now: number): { notMatched: string[]; waiting: string[] } {
  const m = rule.match
  const notMatched: string[] = []
  if (rule.taxNos.length && !rule.taxNos.includes(c.taxNo)) notMatched.push(t("tax number {taxNo} is not among the rule's", { taxNo: c.taxNo }).en)
  if (!listed(m.sources, c.source)) notMatched.push(t('source {source} is not one of {listed}', { source: c.source, listed: String(m.sources?.join(', ')) }).en)
  if (!listed(m.documentTypes, c.documentType)) notMatched.push((c.documentType ? t('document type {type} is not one of {listed}', { type: c.documentType, listed: String(m.documentTypes?.join(', ')) }) : t('no document is bound to it')).en)
  if (!listed(m.documentStatuses, c.documentStatus)) notMatched.push(t('document status {status} is not one of {listed}', { status: c.documentStatus ?? 'none', listed: String(m.documentStatuses?.join(', ')) }).en)
  if (!listed(m.invoiceTypes, c.invoiceType)) notMatched.push(t('invoice type {type} is not one of {listed}', { type: c.invoiceType, listed: String(m.invoiceTypes?.join(', ')) }).en)
  if (m.requireVoucher && !c.voucherPeriod) notMatched.push(t('no voucher is posted for it yet').en)
  const amount = c.amount === null ? undefined : Number(c.amount)
  if (m.amountMin !== undefined && (amount === undefined || amount < m.amountMin)) notMatched.push(t('amount {amount} is below {limit}', { amount: c.amount ?? 'none', limit: m.amountMin }).en)
  if (m.amountMax !== undefined && (amount === undefined || amount > m.amountMax)) notMatched.push(t('amount {amount} is above {limit}', { amount: c.amount ?? 'none', limit: m.amountMax }).en)
  if (m.sellerTaxNos?.length && !(c.sellerTaxNo && m.sellerTaxNos.includes(c.sellerTaxNo))) notMatched.push(t("seller {seller} is not one of the rule's sellers", { seller: c.sellerTaxNo ?? 'unknown' }).en)
  if (c.sellerTaxNo && m.excludeSellerTaxNos?.includes(c.sellerTaxNo)) notMatched.push(t('seller {seller} is excluded', { seller: c.sellerTaxNo }).en)
  const waiting: string[] = []
  if (m.minAgeDays) {
    const from = addDays(c.issueDate, m.minAgeDays)
    if (from > chinaToday(now)) waiting.push(t('issued {issueDate}: old enough ({days} days) on {from}', { issueDate: c.issueDate, days: m.minAgeDays, from }).en)
  }
  return { notMatched, waiting }
}

/** Enabled rules in the order they take invoices: priority, then name. */
export const inOrder = (rules: Rule[]) => rules.filter((r) => r.enabled).sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name))

/**
 * The rule that takes a candidate: the first enabled rule by priority whose match holds (it may still have to wait,
 * e.g. for minAgeDays), or undefined with each rule's reasons.
 */
export function takingRule(rules: Rule[], c: Candidate, now: number): { rule: Rule; waiting: string[] } | { reasons: Record<string, string[]> } {
  const reasons: Record<string, string[]> = {}
  for (const rule of inOrder(rules)) {
    const { notMatched, waiting } = mismatches(rule, c, now)
    if (!notMatched.length) return { rule, waiting }
    reasons[rule.name] = notMatched
  }
  return { reasons }
}

/**
 * 入账属期 and 入账时间 for a candidate a rule takes. The period comes from the voucher, the issue date or the run's
 * month, clamped into [the invoice's month, the current month] (the bureau refuses a period before the invoice's
 * month or after the current one); the time from the voucher or the run's day, never after today. `periodFormat`:
 * the period as yyyyMM, or as yyyyMMdd (the guide's 4.16 example; the day is the 入账时间 when it falls in the
 * period, else the period's first day).
 */
export function recordedFor(action: RuleAction, c: Candidate, now: number, periodFormat: 'yyyyMM' | 'yyyyMMdd'): { recordedPeriod: string; recordedTime: string } {
  const today = chinaToday(now)
  const wanted = action.recordedPeriod === 'voucher' ? (c.voucherPeriod ?? today).slice(0, 6) : action.recordedPeriod === 'issue' ? c.issueDate.slice(0, 6) : today.slice(0, 6)
  const earliest = c.issueDate.slice(0, 6)
  const latest = today.slice(0, 6)
  const month = wanted < earliest ? earliest : wanted > latest ? latest : wanted
  const time = action.recordedTime === 'voucher' && c.voucherDate ? c.voucherDate : today
  const recordedTime = time > today ? today : time
  const recordedPeriod = periodFormat === 'yyyyMM' ? month : recordedTime.startsWith(month) ? recordedTime : `${month}01`
  return { recordedPeriod, recordedTime }
}

/** A candidate as stored, with what the gateway knows of its invoice: its own task, and the client's latest state. */
export interface CandidateRow extends Candidate {
  withdrawnAt: Date | null
  updatedAt: Date
  /** The run that took it and that run's state. */
  runId: string | null
  runState: string | null
  /** The task a run submitted it in, that task's status and this invoice's outcome and reason there. */
  taskId: string | null
  submittedAt: Date | null
  taskStatus: string | null
  taskOutcome: string | null
  taskFailReason: string | null
  /** InvoiceState: the client's latest task of the invoice, its status, the outcome there, the latest 入账状态. */
  latestTaskId: string | null
  latestTaskStatus: string | null
  latestOutcome: string | null
  entryMarkStatus: string | null
}

export type StandingName = 'waiting' | 'not_matched' | 'excluded' | 'submitted' | 'recorded' | 'failed' | 'withdrawn'
export interface Standing {
  standing: StandingName
  rule: Rule | null
  reasons: string[]
  notMatchedBy?: Record<string, string[]>
  taskId: string | null
  /** waiting, and nothing but the run's time stands in the way: the rule's next run takes it. */
  due: boolean
}


/** Where a candidate stands now, and why, in plain words (GET /v1/auto-entry/candidates, the preview, and every run). */
export function standingOf(c: CandidateRow, rules: Rule[], now: number): Standing {
  const none = { rule: null, taskId: null, due: false }
  if (c.withdrawnAt) return { ...none, standing: 'withdrawn', reasons: [t('withdrawn: its document was unbound').en] }
  if (c.runState === 'running' && c.runId) return { ...none, standing: 'waiting', reasons: [t('run {runId} is submitting it now', { runId: c.runId }).en] }
  // The task a run put it in (if the submit took it: a refused invoice is not in it) counts, unless cancelled, until
  // the ERP hands the invoice over again.
  const own = c.taskId && c.taskOutcome && c.taskStatus !== 'cancelled' && (!c.submittedAt || c.updatedAt <= c.submittedAt) ? c.taskId : null
  if (own && isUnfinished(c.taskStatus ?? '')) return { ...none, standing: 'submitted', taskId: own, reasons: [t('in task {taskId} ({status})', { taskId: own, status: String(c.taskStatus) }).en] }
  if (own && c.taskOutcome === 'succeeded') return { ...none, standing: 'recorded', taskId: own, reasons: [t('recorded by task {taskId}', { taskId: own }).en] }
  if (own && c.taskOutcome === 'failed') {
    return { ...none, standing: 'failed', taskId: own, reasons: [c.taskFailReason ?? t('the vendor refused it').en, t('hand it over again (PUT) to try again').en] }
  }
  if (c.state !== 'normal') return { ...none, standing: 'excluded', reasons: [t('it is {status}', { status: c.state }).en] }
  // Automatic 入账 takes invoices not recorded yet: it never turns a 03 into a 02 (or back), nor records again what
  // the ERP revoked (06).
  if (c.entryMarkStatus && c.entryMarkStatus !== '01') {
    const why = (c.entryMarkStatus === '06' ? t('its 入账 was revoked (06): automatic 入账 does not record it again') : t('it is recorded already (入账状态 {status})', { status: c.entryMarkStatus })).en
    return { ...none, standing: 'excluded', reasons: [why] }
  }
  if (c.latestTaskId && c.latestOutcome === 'pending' && isUnfinished(c.latestTaskStatus ?? '')) {
    return { ...none, standing: 'excluded', taskId: c.latestTaskId, reasons: [t('in unfinished task {taskId}', { taskId: c.latestTaskId }).en] }
  }
  const taking = takingRule(rules, c, now)
  if ('reasons' in taking) {
    const reasons = [(Object.keys(taking.reasons).length ? t('no enabled rule takes it') : t('there is no enabled rule')).en]
    return { ...none, standing: 'not_matched', reasons, notMatchedBy: taking.reasons }
  }
  const { rule, waiting } = taking
  if (waiting.length) return { ...none, rule, standing: 'waiting', reasons: waiting }
  return { ...none, rule, standing: 'waiting', reasons: [t('rule {name} takes it at its next run', { name: rule.name }).en], due: true }
}

/** The next slot of a rule's schedule after `from`, or null when it is disabled or has none. */
export function nextSlot(rule: Pick<Rule, 'enabled' | 'schedule' | 'timeZone'>, from: Date): Date | null {
  if (!rule.enabled) return null
  return new Cron(rule.schedule, { timezone: rule.timeZone, paused: true }).nextRun(from)
}
