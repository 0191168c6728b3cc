// Runs of automatic 入账. Each slot of a rule's schedule is run by exactly one gateway process: the statement that
// claims it moves the rule's lastSlotAt forward under its row lock, so a second process finds nothing to claim. A slot
// missed while no gateway ran becomes one catch-up run; a slot that comes while the rule's previous run still selects
// or submits is recorded as skipped. A run takes its candidates with one locking statement per chunk (a withdrawal
// comes first or is refused), and submits them through the same service as POST /v1/recording-tasks. The statements
// it does all this with are in run-statements.ts.
import { randomUUID } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { Cron } from 'croner'
import type { Static } from 'typebox'
import type { Sql } from '../db/sql.ts'
import { AppError } from '../errors.ts'
import { t } from '../i18n/index.ts'
import type { PrismaClient } from '../generated/prisma/client.ts'
import type { Caller } from '../tax-numbers/access.ts'
import type { SubmitBody } from '../recording/schemas.ts'
import { WorkLoop } from '../work-loop.ts'
import { type CandidateRow, type Rule, recordedFor, type Standing, standingOf } from './rules.ts'
import { type DueRule, runStatements as S } from './run-statements.ts'
import type { Preview } from './schemas.ts'
import type { AutoEntryService } from './service.ts'
import type { CandidateKey, CandidateStore } from './store.ts'

export interface AutoEntryConfig {
  /** How often a process looks for due slots and finished runs. */
  tickMs: number
  /** A run renews its claim on its rule while it works; a run not renewed for this long is taken as dead. */
  runLeaseMs: number
  /** 入账属期 as yyyyMM or as yyyyMMdd (the guide's 4.16 example); see rules.ts recordedFor. */
  periodFormat: 'yyyyMM' | 'yyyyMMdd'
}

/** Stores a submission as POST /v1/recording-tasks does (and hands it to this process's worker); resolves to the task's id. */
export type Submit = (body: SubmitBody, caller: Caller, idempotencyKey: string) => Promise<string>

const PAGE = 2000
const CHUNK = 1000
/** Chunks sent at once: the database does the work of a submit, and two keep both of its cores busy. */
const IN_FLIGHT = 2

/** What a run counts (and a preview shows): as GET /v1/auto-entry/runs/{id} and the preview's schema say. */
export type Counts = Static<typeof Preview>['counts']

/** Why a candidate a run does not submit is left, as a count's key. */
function leftAs(s: Standing, c: CandidateRow, rule: Rule): keyof Omit<Counts, 'excluded' | 'considered' | 'submitted'> | string {
  if (s.standing === 'not_matched' || (s.rule && s.rule.name !== rule.name)) return 'notMatched'
  if (s.standing === 'waiting') return 'waiting'
  if (s.standing === 'excluded') return c.state !== 'normal' ? c.state : s.taskId ? 'in_unfinished_task' : 'already_recorded'
  return s.standing // submitted, recorded, failed (before), withdrawn
}

export interface Selected extends CandidateKey {
  recordedPeriod: string
  recordedTime: string
}

/**
 * Emits `idle` after each look for due slots that found none while no run of this process is being carried out (as
 * the worker does): tests await two such looks, the second begun after the first ended, to know that nothing more is
 * due here without sleeping and hoping.
 */
export class AutoEntryRunner extends EventEmitter<{ idle: [] }> {
  private readonly loop: WorkLoop
  /** Runs this process is carrying out (stop() waits for them). */
  private readonly running = new Set<Promise<void>>()

  constructor(
    private readonly db: { prisma: PrismaClient; sql: Sql },
    private readonly service: AutoEntryService,
    private readonly candidates: CandidateStore,
    private readonly submit: Submit,
    private readonly config: AutoEntryConfig,
    private readonly log: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void },
    private readonly onWebhookEvent: () => void = () => {},
    private readonly clock: () => number = Date.now,
  ) {
    super()
    this.loop = new WorkLoop(() => this.tick(), config.tickMs, (err) => this.log.error({ err }, 'auto-entry could not look for due runs'))
  }

  start(): void {
    this.loop.start()
  }

  async stop(): Promise<void> {
    await this.loop.stop()
    await Promise.all(this.running)
  }

  /** Claims due slots and starts their runs; finishes runs whose tasks are all done. Returns 0: the loop then waits a tick. */
  private async tick(): Promise<number> {
    const now = new Date(this.clock())
    await this.db.sql.query(S.dead, [this.config.runLeaseMs])
    let due = 0
    for (const r of await this.db.sql.query(S.dueRules)) {
      // One rule's trouble (its claim refused, say) is logged and leaves the others and the finishing alone; the look
      // counts it as due, since it may have been.
      const wasDue = await this.claimDueSlot(r, now).catch((err) => {
        this.log.error({ err, rule: r.name }, 'auto-entry could not claim a slot')
        return true
      })
      if (wasDue) due++
    }
    const [{ events }] = await this.db.sql.query(S.finish)
    if (events > 0) this.onWebhookEvent()
    // Idle only when nothing was due and no run of this process is still being carried out; a look that throws part
    // way emits nothing: what it did not get to may have been due.
    if (due === 0 && this.running.size === 0) this.emit('idle')
    return 0
  }

  /** Claims the rule's latest slot if one is due (another process may have claimed it first); says whether one was. */
  private async claimDueSlot(r: DueRule, now: Date): Promise<boolean> {
    const cron = new Cron(r.schedule, { timezone: r.timeZone, paused: true })
    const next = cron.nextRun(r.lastSlotAt)
    if (!next || next > now) return false
    // Every slot since the last one collapses into the latest (previousRuns is strictly before its reference, so one
    // millisecond on): one run, a catch-up when the first of them is long past (no gateway ran then).
    const slot = cron.previousRuns(1, new Date(now.getTime() + 1))[0] ?? next
    const trigger = now.getTime() - next.getTime() > Math.max(5000, 2 * this.config.tickMs) ? 'catch_up' : 'schedule'
    const id = randomUUID()
    const [claimed] = await this.db.sql.query(S.claimSlot, [r.clientId, r.name, slot, id, trigger, this.config.runLeaseMs])
    if (claimed?.state === 'running') this.carryOut({ id, clientId: r.clientId, ruleName: r.name })
    else if (claimed) this.log.warn({ rule: r.name, slot }, 'auto-entry slot skipped: the previous run of the rule is still going')
    return true
  }

  /** A manual run (POST …/run); undefined while another run of the rule is going. */
  async runNow(clientId: string, ruleName: string): Promise<string | undefined> {
    const id = randomUUID()
    const [claimed] = await this.db.sql.query(S.claimManual, [clientId, ruleName, id, this.config.runLeaseMs])
    if (!claimed) return undefined
    this.carryOut({ id, clientId, ruleName })
    return id
  }

  private carryOut(run: { id: string; clientId: string; ruleName: string }): void {
    const done = this.execute(run).finally(() => this.running.delete(done))
    this.running.add(done)
  }

  /**
   * What a run of `rule` takes now, page by page in key order: the candidates it is due for, with their period and
   * time, and why each other candidate is left. Writes nothing (the preview is this and no more).
   */
  async *select(clientId: string, rule: Rule, rules: Rule[], counts: Counts, left?: (c: CandidateRow, s: Standing) => void): AsyncGenerator<Selected[]> {
    const now = this.clock()
    let after: CandidateKey | undefined
    for (;;) {
      const page = await this.candidates.page(clientId, rule.taxNos.length ? rule.taxNos : null, after, PAGE, false)
      if (!page.length) return
      const due: Selected[] = []
      for (const c of page) {
        counts.considered++
        const s = standingOf(c, rules, now)
        if (s.due && s.rule?.name === rule.name) {
          due.push({ taxNo: c.taxNo, invoiceCode: c.invoiceCode, invoiceNo: c.invoiceNo, ...recordedFor(rule.action, c, now, this.config.periodFormat) })
          continue
        }
        const key = leftAs(s, c, rule)
        if (key === 'notMatched' || key === 'waiting') counts[key]++
        else counts.excluded[key] = (counts.excluded[key] ?? 0) + 1
        left?.(c, s)
      }
      if (due.length) yield due
      if (page.length < PAGE) return
      after = page[page.length - 1]
    }
  }

  /**
   * Renews the run's claim on its rule before it takes or sends anything more; a run that lost it (not renewed for
   * AUTO_ENTRY_RUN_LEASE_MS, and taken as dead) stops here instead of working beside the rule's next run.
   */
  private async renew(run: { id: string; clientId: string; ruleName: string }): Promise<void> {
    const renewed = await this.db.sql.query(S.renew, [run.clientId, run.ruleName, run.id, this.config.runLeaseMs])
    if (!renewed.length) throw new Error(t('the run lost its claim on the rule (not renewed for AUTO_ENTRY_RUN_LEASE_MS); it stopped').en)
  }

  private async execute(run: { id: string; clientId: string; ruleName: string }): Promise<void> {
    const counts: Counts = { considered: 0, submitted: 0, notMatched: 0, waiting: 0, excluded: {} }
    const taskIds: string[] = []
    try {
      const client = await this.db.prisma.client.findUnique({ where: { id: run.clientId } })
      const rules = await this.service.rules(run.clientId)
      const rule = rules.find((r) => r.name === run.ruleName)
      if (!client || client.revokedAt) throw new Error(t('the client was revoked').en)
      if (!rule) throw new Error(t('the rule was deleted').en)
      await this.db.sql.query(S.analyze)
      const caller: Caller = { clientId: client.id, requestId: `auto-entry-run:${run.id}`, taxNos: client.taxNos, anyTaxNo: client.anyTaxNo, businessSystemCode: client.businessSystemCode }
      // Chunks of one group (tax number, target, period) fill up across pages (in key order) and are sent when full, and
      // at the end. Each chunk is taken with its Idempotency-Key just before it is sent.
      const groups = new Map<string, Selected[]>()
      const sent = new Map<string, number>()
      const send = async (group: string, chunk: Selected[]) => {
        const seq = sent.get(group) ?? 0
        sent.set(group, seq + 1)
        const key = `auto-entry:${run.id}:${group}:${seq}`
        await this.renew(run)
        const taken = new Set((await this.candidates.claim(run.clientId, run.id, key, chunk)).map((k) => `${k.taxNo}/${k.invoiceCode}/${k.invoiceNo}`))
        const mine = chunk.filter((s) => taken.has(`${s.taxNo}/${s.invoiceCode}/${s.invoiceNo}`))
        if (mine.length < chunk.length) counts.excluded.withdrawn = (counts.excluded.withdrawn ?? 0) + chunk.length - mine.length
        const taskId = mine.length ? await this.submitChunk(run.id, rule, caller, key, mine, counts) : undefined
        if (taskId) taskIds.push(taskId)
      }
      const inFlight = new Set<Promise<void>>()
      let failure: unknown
      const dispatch = async (group: string, chunk: Selected[]) => {
        const sending: Promise<void> = send(group, chunk)
          .catch((err) => {
            failure ??= err
          })
          .finally(() => inFlight.delete(sending))
        inFlight.add(sending)
        if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight)
        if (failure) throw failure
      }
      try {
        for await (const due of this.select(run.clientId, rule, rules, counts)) {
          for (const s of due) {
            const group = `${s.taxNo}:${rule.action.nextEntryMarkStatus}:${s.recordedPeriod}`
            const chunk = groups.get(group) ?? []
            chunk.push(s)
            groups.set(group, chunk)
            if (chunk.length === CHUNK) {
              groups.delete(group)
              await dispatch(group, chunk)
            }
          }
        }
        for (const [group, chunk] of groups) await dispatch(group, chunk)
      } finally {
        await Promise.all(inFlight)
      }
      if (failure) throw failure
      await this.db.sql.query(S.submitted, [run.id, JSON.stringify(counts), taskIds])
      this.log.info({ runId: run.id, rule: run.ruleName, submitted: counts.submitted, tasks: taskIds.length }, 'auto-entry run submitted')
    } catch (err) {
      this.log.error({ err, runId: run.id }, 'auto-entry run failed')
      await this.db.sql.query(S.failed, [run.id, err instanceof Error ? err.message : 'failed', JSON.stringify(counts), taskIds]).catch(() => {})
    }
  }

  /**
   * Submits one chunk as a task. Invoices the submit refuses one by one (in another task, a transition the bureau
   * forbids) are left out, counted, and the rest is submitted once more. A refusal of the whole chunk (its tax number
   * no longer served or granted) counts the chunk and lets the run go on with the others.
   */
  private async submitChunk(runId: string, rule: Rule, caller: Caller, key: string, chunk: Selected[], counts: Counts): Promise<string | undefined> {
    let invoices = chunk
    for (let attempt = 0; attempt < 2 && invoices.length; attempt++) {
      const body: SubmitBody = {
        taxNo: invoices[0].taxNo,
        nextEntryMarkStatus: rule.action.nextEntryMarkStatus,
        operator: `rule:${rule.name}`,
        reference: `auto-entry:${rule.name}`.slice(0, 128),
        invoices: invoices.map((s) => ({ invoiceNo: s.invoiceNo, invoiceCode: s.invoiceCode, recordedTime: s.recordedTime, recordedPeriod: s.recordedPeriod })),
      }
      try {
        // The same key on a second attempt: nothing was stored under it by the refused first one, and the candidates
        // name their task by it.
        const taskId = await this.submit(body, caller, key)
        counts.submitted += invoices.length
        return taskId
      } catch (err) {
        if (!(err instanceof AppError) || err.statusCode >= 500) throw err
        const at = new Set((err.extra.details ?? []).map((d) => /^invoices\[(\d+)\]/.exec(d.field)?.[1]).filter((i) => i !== undefined).map(Number))
        const refused = at.size ? at.size : invoices.length
        counts.excluded.refused_at_submit = (counts.excluded.refused_at_submit ?? 0) + refused
        this.log.warn({ runId, rule: rule.name, code: err.code, message: err.message, refused }, 'auto-entry: the submit refused invoices of a chunk')
        invoices = at.size ? invoices.filter((_, i) => !at.has(i)) : []
      }
    }
    if (invoices.length) counts.excluded.refused_at_submit = (counts.excluded.refused_at_submit ?? 0) + invoices.length
    return undefined
  }
}
