// Automatic 入账 for the routes: candidates handed over by the ERP, rules with their history, runs as they stand, and a
// preview. Runs themselves are in runner.ts; both decide with the pure functions of rules.ts.
import type { Static } from 'typebox'
import type { AutoEntryRule, PrismaClient } from '../generated/prisma/client.ts'
import { AppError, type Problem, validationFailed } from '../errors.ts'
import { type Caller, checkTaxNoToCall } from '../tax-numbers/access.ts'
import type { PiaozoneAccounts } from '../piaozone/accounts.ts'
import { newestFirstCursor, readNewestFirstCursor } from '../cursor.ts'
import { chinaToday, isRealDate } from '../recording/validate.ts'
import { type CandidateRow, nextSlot, type Rule, ruleProblems, type Standing, standingOf } from './rules.ts'
import type { CandidateKey, CandidateStore, CandidateWrite } from './store.ts'
import { type Lang, readBack, t } from '../i18n/index.ts'
import { isRecord } from '../guards.ts'
import type { CandidatesBody, RuleBody } from './schemas.ts'
import { type RuleRow, runView, toRule } from './stored.ts'

/** A rule as PUT /v1/auto-entry/rules/{name} takes it. */
export type RuleInput = Static<typeof RuleBody>

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'
const CANDIDATE_CURSOR = (k: CandidateKey) => Buffer.from(JSON.stringify([k.taxNo, k.invoiceCode, k.invoiceNo])).toString('base64url')

/**
 * The rules beyond PUT candidates' schema: each invoice's number and code agree, none is listed twice, its dates are
 * real and not to come. Read defensively: they run on a body that failed its schema too.
 */
export function candidateProblems(raw: unknown, now = Date.now()): Problem[] {
  const invoices = isRecord(raw) ? raw.invoices : undefined
  if (!Array.isArray(invoices)) return []
  const problems: Problem[] = []
  const seen = new Map<string, number>()
  const today = chinaToday(now)
  invoices.forEach((inv: { invoiceNo?: unknown; invoiceCode?: unknown; issueDate?: unknown; voucher?: { period?: unknown; date?: unknown } }, i) => {
    const date = (field: string, value: unknown) => {
      if (typeof value !== 'string' || !/^\d{8}$/.test(value)) return
      if (!isRealDate(value)) problems.push({ field: `invoices[${i}].${field}`, rule: t('must be a real date as yyyyMMdd') })
      else if (value > today) problems.push({ field: `invoices[${i}].${field}`, rule: t('must not be in the future (today is {today} in China)', { today }) })
    }
    date('issueDate', inv?.issueDate)
    date('voucher.date', inv?.voucher?.date)
    if (typeof inv?.voucher?.period === 'string' && inv.voucher.period > today.slice(0, 6)) {
      problems.push({ field: `invoices[${i}].voucher.period`, rule: t('must not be after the current month ({month} in China)', { month: today.slice(0, 6) }) })
    }
    if (typeof inv?.invoiceNo !== 'string') return
    const code = typeof inv.invoiceCode === 'string' ? inv.invoiceCode : ''
    if (inv.invoiceNo.length === 20 && code) problems.push({ field: `invoices[${i}].invoiceCode`, rule: t('must be empty for a 20-digit 数电 invoice number') })
    if (inv.invoiceNo.length === 8 && !code) problems.push({ field: `invoices[${i}].invoiceCode`, rule: t('must be 10 or 12 digits for an 8-digit invoice number') })
    const key = `${code}/${inv.invoiceNo}`
    if (seen.has(key)) problems.push({ field: `invoices[${i}].invoiceNo`, rule: t('the same invoice is listed at invoices[{index}]', { index: String(seen.get(key)) }) })
    else seen.set(key, i)
  })
  return problems
}

/** A standing's reasons (English, msgids of src/i18n) in the reader's language. */
export function standingIn<V extends { reasons: string[]; notMatchedBy?: Record<string, string[]> }>(view: V, lang: Lang): V {
  if (lang === 'en') return view
  const read = (reasons: string[]) => reasons.map((r) => readBack(r, lang))
  const notMatchedBy = view.notMatchedBy && Object.fromEntries(Object.entries(view.notMatchedBy).map(([rule, reasons]) => [rule, read(reasons)]))
  return { ...view, reasons: read(view.reasons), ...(notMatchedBy ? { notMatchedBy } : {}) }
}

/** A run's error (English, a msgid of src/i18n) in the reader's language. */
export const runIn = <V extends { error: string | null }>(run: V, lang: Lang): V => ({ ...run, error: readBack(run.error, lang) })

/** A standing as the API shows it. */
export function standingView(c: Pick<CandidateRow, 'taxNo' | 'invoiceNo' | 'invoiceCode'>, s: Standing, now: Date) {
  const next = s.rule && s.standing === 'waiting' ? nextSlot(s.rule, now) : null
  return {
    taxNo: c.taxNo,
    invoiceNo: c.invoiceNo,
    invoiceCode: c.invoiceCode,
    standing: s.standing,
    rule: s.rule?.name ?? null,
    nextRunAt: next?.toISOString() ?? null,
    reasons: s.reasons,
    ...(s.notMatchedBy ? { notMatchedBy: s.notMatchedBy } : {}),
    taskId: s.taskId,
  }
}

export class AutoEntryService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly candidates: CandidateStore,
    private readonly vendor: PiaozoneAccounts,
    private readonly clock: () => number = Date.now,
  ) {}

  async rules(clientId: string): Promise<Rule[]> {
    return (await this.prisma.autoEntryRule.findMany({ where: { clientId } })).map(toRule)
  }

  /** Upserts up to 1000 candidates of one buyer; answers where each stands now. */
  async putCandidates(caller: Caller, body: Static<typeof CandidatesBody>) {
    const problems = candidateProblems(body, this.clock())
    if (problems.length) throw validationFailed(problems)
    // As a submit checks it (shape and check character, the caller's grant, an account serving it): a candidate a run
    // could never submit is refused now, not at every run.
    checkTaxNoToCall(this.vendor, caller, body.taxNo)
    const rows: CandidateWrite[] = body.invoices.map((i) => ({
      taxNo: body.taxNo,
      invoiceCode: i.invoiceCode ?? '',
      invoiceNo: i.invoiceNo,
      invoiceType: i.invoiceType,
      issueDate: i.issueDate,
      source: i.source,
      documentType: i.document?.type ?? null,
      documentNumber: i.document?.number ?? null,
      documentStatus: i.document?.status ?? null,
      voucherNumber: i.voucher?.number ?? null,
      voucherPeriod: i.voucher?.period ?? null,
      voucherDate: i.voucher?.date ?? null,
      state: i.state ?? 'normal',
      sellerTaxNo: i.sellerTaxNo ?? null,
      amount: i.amount ?? null,
    }))
    const written = await this.candidates.upsert(caller.clientId, body.taxNo, rows)
    const created = new Map(written.map((w) => [`${w.invoiceCode}/${w.invoiceNo}`, w.created]))
    const [stored, rules] = await Promise.all([this.candidates.byKeys(caller.clientId, body.taxNo, rows), this.rules(caller.clientId)])
    const byKey = new Map(stored.map((c) => [`${c.invoiceCode}/${c.invoiceNo}`, c]))
    const now = this.clock()
    return {
      items: rows.map((r) => {
        const c = byKey.get(`${r.invoiceCode}/${r.invoiceNo}`)
        // Read back within the same request: each row written is there.
        if (!c) throw new Error(`auto-entry: candidate ${r.invoiceCode}/${r.invoiceNo} was written but is not read back`)
        return { ...standingView(c, standingOf(c, rules, now), new Date(now)), created: created.get(`${r.invoiceCode}/${r.invoiceNo}`) ?? false }
      }),
    }
  }

  /** Withdraws a candidate (its document was unbound): never submitted from now on. 409 once a run or a task has it. */
  async withdraw(caller: Caller, key: CandidateKey) {
    checkTaxNoToCall(this.vendor, caller, key.taxNo)
    const withdrawn = await this.candidates.withdraw(caller.clientId, key)
    const [found] = await this.candidates.byKeys(caller.clientId, key.taxNo, [key])
    if (withdrawn) return standingView(found, standingOf(found, [], this.clock()), new Date(this.clock()))
    if (!found) throw new AppError(404, 'CANDIDATE_NOT_FOUND', t('no candidate {invoice} of tax number {taxNo}', { invoice: `${key.invoiceCode ? `${key.invoiceCode}/` : ''}${key.invoiceNo}`, taxNo: key.taxNo }))
    const why =
      found.runState === 'running'
        ? t('run {runId} is submitting it now; withdraw it once the run has stored its task, then cancel the task', { runId: String(found.runId) })
        : t('it is in task {taskId}; cancel that task while nothing was sent (POST /v1/recording-tasks/{taskId}/cancel)', { taskId: String(found.taskId) })
    throw new AppError(409, 'CANDIDATE_IN_USE', t('the candidate cannot be withdrawn: {why}', { why }), found.taskId ? { taskId: found.taskId } : {})
  }

  /**
   * A page of candidates in key order where each stands. Filtered by standing or rule, a page may hold fewer than
   * `limit` while more follow: it looks at up to five times `limit` candidates, and nextCursor says where it stopped.
   */
  async listCandidates(caller: Caller, q: { taxNo?: string; standing?: string; rule?: string; limit?: number; cursor?: string }) {
    if (q.taxNo) checkTaxNoToCall(this.vendor, caller, q.taxNo)
    const limit = q.limit ?? 100
    const after = q.cursor ? readCandidateCursor(q.cursor) : undefined
    const filtered = Boolean(q.standing || q.rule)
    const [rows, rules] = await Promise.all([this.candidates.page(caller.clientId, q.taxNo ? [q.taxNo] : null, after, filtered ? limit * 5 : limit), this.rules(caller.clientId)])
    const now = this.clock()
    const items = []
    let last: CandidateRow | undefined
    for (const c of rows) {
      last = c
      const s = standingOf(c, rules, now)
      if ((q.standing && s.standing !== q.standing) || (q.rule && s.rule?.name !== q.rule)) continue
      items.push(standingView(c, s, new Date(now)))
      if (items.length === limit) break
    }
    const more = rows.length === (filtered ? limit * 5 : limit) || (last !== undefined && last !== rows.at(-1))
    return { items, nextCursor: more && last ? CANDIDATE_CURSOR(last) : null }
  }

  /** Creates or replaces a rule; every change is kept with who made it. One 400 lists every problem. */
  async putRule(caller: Caller, name: string, input: RuleInput, operator: string | undefined) {
    const rule: Rule = { name, enabled: input.enabled, priority: input.priority, taxNos: input.taxNos ?? [], match: input.match, action: input.action, schedule: input.schedule.trim(), timeZone: input.timeZone ?? DEFAULT_TIME_ZONE }
    const problems = ruleProblems(rule)
    rule.taxNos.forEach((taxNo, i) => {
      if (!caller.anyTaxNo && !caller.taxNos?.includes(taxNo)) problems.push({ field: `taxNos[${i}]`, rule: t("is not one of this client's tax numbers") })
    })
    if (problems.length) throw validationFailed(problems)
    const key = { clientId_name: { clientId: caller.clientId, name } }
    const now = new Date(this.clock())
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.autoEntryRule.findUnique({ where: key })
      const data = { enabled: rule.enabled, priority: rule.priority, taxNos: rule.taxNos, match: rule.match, action: rule.action, schedule: rule.schedule, timeZone: rule.timeZone, updatedAt: now }
      // Slots count from when the rule (or its schedule) took effect: no catch-up of slots from before.
      const restart = !before || before.schedule !== rule.schedule || before.timeZone !== rule.timeZone || (!before.enabled && rule.enabled)
      const saved = before
        ? await tx.autoEntryRule.update({ where: key, data: { ...data, ...(restart ? { lastSlotAt: now } : {}) } })
        : await tx.autoEntryRule.create({ data: { ...data, clientId: caller.clientId, name, lastSlotAt: now } })
      await tx.autoEntryRuleChange.create({ data: { clientId: caller.clientId, name, operator: operator ?? null, before: before ? ruleRecord(before) : undefined, after: ruleRecord(saved) } })
      return { view: ruleView(saved, now), created: !before }
    })
  }

  async getRule(caller: Caller, name: string) {
    const row = await this.prisma.autoEntryRule.findUnique({ where: { clientId_name: { clientId: caller.clientId, name } } })
    if (!row) throw ruleNotFound(name)
    return ruleView(row, new Date(this.clock()))
  }

  async listRules(caller: Caller) {
    const rows = await this.prisma.autoEntryRule.findMany({ where: { clientId: caller.clientId }, orderBy: [{ priority: 'asc' }, { name: 'asc' }] })
    return { items: rows.map((r) => ruleView(r, new Date(this.clock()))) }
  }

  async deleteRule(caller: Caller, name: string, operator: string | undefined) {
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.autoEntryRule.findUnique({ where: { clientId_name: { clientId: caller.clientId, name } } })
      if (!before) throw ruleNotFound(name)
      await tx.autoEntryRule.delete({ where: { clientId_name: { clientId: caller.clientId, name } } })
      await tx.autoEntryRuleChange.create({ data: { clientId: caller.clientId, name, operator: operator ?? null, before: ruleRecord(before) } })
      return ruleView(before, new Date(this.clock()))
    })
  }

  async ruleHistory(caller: Caller, name: string) {
    const rows = await this.prisma.autoEntryRuleChange.findMany({ where: { clientId: caller.clientId, name }, orderBy: [{ at: 'desc' }, { id: 'desc' }] })
    if (!rows.length) throw ruleNotFound(name)
    return { items: rows.map((r) => ({ operator: r.operator, at: r.at.toISOString(), before: isRecord(r.before) ? r.before : null, after: isRecord(r.after) ? r.after : null })) }
  }

  async listRuns(caller: Caller, q: { rule?: string; limit?: number; cursor?: string }) {
    const limit = q.limit ?? 20
    const after = q.cursor ? readNewestFirstCursor(q.cursor, /^[0-9a-f-]{36}$/) : undefined
    const rows = await this.prisma.autoEntryRun.findMany({
      where: {
        clientId: caller.clientId,
        ...(q.rule ? { ruleName: q.rule } : {}),
        ...(after ? { OR: [{ startedAt: { lt: after.createdAt } }, { startedAt: after.createdAt, id: { lt: after.id } }] } : {}),
      },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take: limit,
    })
    const last = rows.at(-1)
    return { items: rows.map(runView), nextCursor: rows.length === limit && last ? newestFirstCursor({ createdAt: last.startedAt, id: last.id }) : null }
  }

  async getRun(caller: Caller, id: string) {
    const run = await this.prisma.autoEntryRun.findFirst({ where: { id, clientId: caller.clientId } })
    if (!run) throw new AppError(404, 'RUN_NOT_FOUND', t('no run {id}', { id }))
    const [tasks, counts] = await Promise.all([
      this.prisma.recordingTask.findMany({ where: { id: { in: run.taskIds } }, select: { id: true, status: true, invoiceCount: true, createdAt: true }, orderBy: { createdAt: 'asc' } }),
      this.prisma.taskInvoice.groupBy({ by: ['taskId', 'outcome'], where: { taskId: { in: run.taskIds } }, _count: { _all: true } }),
    ])
    const of = (taskId: string, outcome: string) => counts.find((c) => c.taskId === taskId && c.outcome === outcome)?._count._all ?? 0
    return {
      ...runView(run),
      tasks: tasks.map((t) => ({ id: t.id, status: t.status, invoiceCount: t.invoiceCount, counts: { pending: of(t.id, 'pending'), succeeded: of(t.id, 'succeeded'), failed: of(t.id, 'failed') } })),
    }
  }
}

const ruleNotFound = (name: string) => new AppError(404, 'RULE_NOT_FOUND', t('no rule named {name}', { name }))

/** A rule as its history keeps it: what the client set. */
function ruleRecord(r: RuleRow) {
  const { enabled, priority, taxNos, match, action, schedule, timeZone } = toRule(r)
  return { enabled, priority, taxNos, match, action, schedule, timeZone }
}

function ruleView(r: RuleRow & Pick<AutoEntryRule, 'createdAt' | 'updatedAt'>, now: Date) {
  return { name: r.name, ...ruleRecord(r), nextRunAt: nextSlot(r, now)?.toISOString() ?? null, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() }
}

function readCandidateCursor(cursor: string): CandidateKey {
  try {
    const [taxNo, invoiceCode, invoiceNo] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if ([taxNo, invoiceCode, invoiceNo].every((v) => typeof v === 'string' && /^[0-9A-Z]{0,20}$/.test(v))) return { taxNo, invoiceCode, invoiceNo }
  } catch {}
  throw validationFailed([{ field: 'cursor', rule: t('must be a nextCursor returned by this endpoint') }])
}
