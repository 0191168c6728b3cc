// What auto-entry reads back from the database that the compiler cannot know: a rule's match and action (JSON, as PUT
// took them) and a run's trigger, state (text the runner's statements write) and counts (JSON). Checked here instead of
// asserted: a value the gateway never writes is an error to see, not something to carry on with.
import type { Static } from 'typebox'
import type { AutoEntryRule, AutoEntryRun } from '../generated/prisma/client.ts'
import { isRecord } from '../guards.ts'
import type { Rule, RuleAction, RuleMatch } from './rules.ts'
import type { RunView } from './schemas.ts'

type Run = Static<typeof RunView>

const isStringList = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string')
const isNumber = (v: unknown) => typeof v === 'number'
/** How each field of a stored match is checked; every field of the schema's (the compiler says when one is added). */
const MATCH: Record<keyof RuleMatch, (v: unknown) => boolean> = {
  sources: isStringList,
  documentTypes: isStringList,
  documentStatuses: isStringList,
  invoiceTypes: isStringList,
  requireVoucher: (v) => typeof v === 'boolean',
  minAgeDays: isNumber,
  amountMin: isNumber,
  amountMax: isNumber,
  sellerTaxNos: isStringList,
  excludeSellerTaxNos: isStringList,
}
/** The values each field of an action may have: every one the schema allows, and no other (the compiler checks both). */
const ACTION: { [K in keyof RuleAction]: Record<RuleAction[K], true> } = {
  nextEntryMarkStatus: { '02': true, '03': true },
  recordedPeriod: { voucher: true, issue: true, run: true },
  recordedTime: { voucher: true, run: true },
}
const TRIGGERS: Record<Run['trigger'], true> = { schedule: true, catch_up: true, manual: true }
const STATES: Record<Run['state'], true> = { running: true, waiting: true, finished: true, skipped: true, failed: true }

const oneOf = <K extends string>(values: Record<K, true>, v: unknown): v is K => typeof v === 'string' && Object.hasOwn(values, v)
const isRuleMatch = (v: unknown): v is RuleMatch => isRecord(v) && Object.entries(MATCH).every(([field, ok]) => v[field] === undefined || ok(v[field]))
const isRuleAction = (v: unknown): v is RuleAction => isRecord(v) && Object.entries(ACTION).every(([field, values]) => oneOf<string>(values, v[field]))
/** Counts as the runner stores them (every one an integer, excluded by reason), or {} before it has any. */
const isCounts = (v: unknown): v is Run['counts'] =>
  isRecord(v) && Object.entries(v).every(([key, n]) => (key === 'excluded' ? isRecord(n) && Object.values(n).every(Number.isInteger) : Number.isInteger(n)))

export type RuleRow = Pick<AutoEntryRule, 'name' | 'enabled' | 'priority' | 'taxNos' | 'match' | 'action' | 'schedule' | 'timeZone'>

/** A stored rule as the pure functions take it. */
export function toRule<R extends RuleRow>(row: R): Omit<R, 'match' | 'action'> & Rule {
  const { match, action } = row
  if (!isRuleMatch(match) || !isRuleAction(action)) throw new Error(`auto-entry rule ${row.name}: its stored match or action is not one PUT takes`)
  return { ...row, match, action }
}

/** A run as the API shows it (without its tasks). */
export function runView(r: Pick<AutoEntryRun, 'id' | 'ruleName' | 'trigger' | 'slot' | 'state' | 'startedAt' | 'finishedAt' | 'counts' | 'error'>) {
  const { trigger, state, counts } = r
  if (!oneOf(TRIGGERS, trigger) || !oneOf(STATES, state) || !isCounts(counts)) throw new Error(`auto-entry run ${r.id}: its stored trigger, state or counts are not ones the runner writes`)
  return {
    id: r.id,
    rule: r.ruleName,
    trigger,
    slot: r.slot?.toISOString() ?? null,
    state,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    counts,
    error: r.error,
  }
}
