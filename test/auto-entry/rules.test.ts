// Automatic 入账's decisions as tables: which rule takes an invoice and why another does not, where a candidate
// stands, the period clamp both ways, and a rule's problems. No database, no clock but the one passed in.
import { describe, expect, it } from 'vitest'
import { type Candidate, type CandidateRow, type Rule, recordedFor, ruleProblems, standingOf, takingRule } from '../../src/auto-entry/rules.ts'

// 2025-11-26 10:00 in China.
const NOW = Date.parse('2025-11-26T02:00:00Z')

const rule = (over: Partial<Rule> = {}): Rule => ({
  name: 'expense',
  enabled: true,
  priority: 10,
  taxNos: [],
  match: { sources: ['tax_bureau'], documentTypes: ['expense_claim'], invoiceTypes: ['81', '82'], requireVoucher: true },
  action: { nextEntryMarkStatus: '02', recordedPeriod: 'voucher', recordedTime: 'voucher' },
  schedule: '0 22 * * *',
  timeZone: 'Asia/Shanghai',
  ...over,
})
const invoice = (over: Partial<Candidate> = {}): Candidate => ({
  taxNo: '914403007451947782',
  invoiceCode: '',
  invoiceNo: '25442000000123450001',
  invoiceType: '81',
  issueDate: '20251103',
  source: 'tax_bureau',
  documentType: 'expense_claim',
  documentStatus: 'approved',
  voucherPeriod: '202511',
  voucherDate: '20251120',
  state: 'normal',
  sellerTaxNo: '91440300591872133B',
  amount: '1280.50',
  ...over,
})
const row = (over: Partial<CandidateRow> = {}): CandidateRow => ({
  ...invoice(),
  withdrawnAt: null,
  updatedAt: new Date(NOW - 60_000),
  runId: null,
  runState: null,
  taskId: null,
  submittedAt: null,
  taskStatus: null,
  taskOutcome: null,
  taskFailReason: null,
  latestTaskId: null,
  latestTaskStatus: null,
  latestOutcome: null,
  entryMarkStatus: null,
  ...over,
})

describe('which rule takes an invoice', () => {
  it.each([
    ['everything matches', {}, []],
    ['another source', { source: 'scan' }, ['source scan is not one of tax_bureau']],
    ['no document bound', { documentType: null }, ['no document is bound to it']],
    ['a paper invoice', { invoiceType: '04' }, ['invoice type 04 is not one of 81, 82']],
    ['no voucher yet', { voucherPeriod: null, voucherDate: null }, ['no voucher is posted for it yet']],
  ])('%s', (_, over, reasons) => {
    const taken = takingRule([rule()], invoice(over), NOW)
    if (reasons.length) expect(taken).toEqual({ reasons: { expense: reasons } })
    else expect(taken).toMatchObject({ rule: { name: 'expense' }, waiting: [] })
  })

  it('the first enabled rule by priority takes it; a disabled rule takes nothing', () => {
    const broad = rule({ name: 'broad', priority: 20, match: {} })
    const narrow = rule({ name: 'narrow', priority: 5 })
    expect(takingRule([broad, narrow], invoice(), NOW)).toMatchObject({ rule: { name: 'narrow' } })
    expect(takingRule([broad, { ...narrow, enabled: false }], invoice(), NOW)).toMatchObject({ rule: { name: 'broad' } })
    expect(takingRule([{ ...broad, enabled: false }], invoice(), NOW)).toEqual({ reasons: {} })
  })

  it('amounts, sellers, tax numbers and age', () => {
    const r = rule({ taxNos: ['91440300591872133B'], match: { amountMin: 2000, excludeSellerTaxNos: ['91440300591872133B'], minAgeDays: 30 } })
    expect(takingRule([r], invoice(), NOW)).toEqual({
      reasons: { expense: ['tax number 914403007451947782 is not among the rule\'s', 'amount 1280.50 is below 2000', 'seller 91440300591872133B is excluded'] },
    })
    expect(takingRule([rule({ match: { minAgeDays: 30 } })], invoice(), NOW)).toMatchObject({ waiting: ['issued 20251103: old enough (30 days) on 20251203'] })
  })
})

describe('where a candidate stands', () => {
  const rules = [rule()]
  it.each([
    ['matched: the next run takes it', {}, 'waiting', true],
    ['withdrawn', { withdrawnAt: new Date(NOW) }, 'withdrawn', false],
    ['red-reversed', { state: 'red_reversed' }, 'excluded', false],
    ['already 02', { entryMarkStatus: '02' }, 'excluded', false],
    ['recorded 03 (a 02 rule never turns it into 02)', { entryMarkStatus: '03' }, 'excluded', false],
    ['revoked (06): never recorded again automatically', { entryMarkStatus: '06' }, 'excluded', false],
    ['未入账 (01)', { entryMarkStatus: '01' }, 'waiting', true],
    ['in an unfinished task of the ERP', { latestTaskId: 't1', latestTaskStatus: 'submitted', latestOutcome: 'pending' }, 'excluded', false],
    ['submitted by a run', { taskId: 't2', submittedAt: new Date(NOW), taskStatus: 'submitted', taskOutcome: 'pending' }, 'submitted', false],
    ['recorded', { taskId: 't2', submittedAt: new Date(NOW), taskStatus: 'completed', taskOutcome: 'succeeded', entryMarkStatus: '02' }, 'recorded', false],
    ['failed', { taskId: 't2', submittedAt: new Date(NOW), taskStatus: 'failed', taskOutcome: 'failed', taskFailReason: '发票不存在' }, 'failed', false],
    ['failed, then handed over again', { taskId: 't2', submittedAt: new Date(NOW - 120_000), taskStatus: 'failed', taskOutcome: 'failed' }, 'waiting', true],
    ['in a cancelled task', { taskId: 't2', submittedAt: new Date(NOW), taskStatus: 'cancelled', taskOutcome: 'pending' }, 'waiting', true],
    ['being submitted by a run', { runId: 'r1', runState: 'running' }, 'waiting', false],
    ['matched by no rule', { source: 'scan' }, 'not_matched', false],
  ] as const)('%s', (_, over, standing, due) => {
    const s = standingOf(row(over as Partial<CandidateRow>), rules, NOW)
    expect(s).toMatchObject({ standing, due })
    expect(s.reasons.length).toBeGreaterThan(0)
  })
})

describe('入账属期 and 入账时间', () => {
  const action = (recordedPeriod: 'voucher' | 'issue' | 'run', recordedTime: 'voucher' | 'run' = 'run') => ({ nextEntryMarkStatus: '02' as const, recordedPeriod, recordedTime })
  it.each([
    ['from the voucher', action('voucher', 'voucher'), {}, { recordedPeriod: '202511', recordedTime: '20251120' }],
    ['from the issue month', action('issue'), {}, { recordedPeriod: '202511', recordedTime: '20251126' }],
    ['a voucher period before the invoice month is raised to it', action('voucher'), { voucherPeriod: '202510' }, { recordedPeriod: '202511', recordedTime: '20251126' }],
    ['a voucher period after the current month is lowered to it', action('voucher', 'voucher'), { voucherPeriod: '202512', voucherDate: '20251205' }, { recordedPeriod: '202511', recordedTime: '20251126' }],
    ['an invoice of last month, recorded this month', action('run'), { issueDate: '20251015' }, { recordedPeriod: '202511', recordedTime: '20251126' }],
  ])('%s', (_, a, over, expected) => {
    expect(recordedFor(a, invoice(over), NOW, 'yyyyMM')).toEqual(expected)
  })

  it('as yyyyMMdd: the 入账时间 when it falls in the period, else the period\'s first day', () => {
    expect(recordedFor(action('voucher', 'voucher'), invoice(), NOW, 'yyyyMMdd')).toEqual({ recordedPeriod: '20251120', recordedTime: '20251120' })
    expect(recordedFor(action('voucher', 'voucher'), invoice({ voucherPeriod: '202511', voucherDate: '20251031' }), NOW, 'yyyyMMdd')).toEqual({ recordedPeriod: '20251101', recordedTime: '20251031' })
  })
})

describe('a rule\'s problems', () => {
  it('lists every one with its fix', () => {
    const problems = ruleProblems({
      schedule: '61 * * * *',
      timeZone: 'Mars/Base',
      match: { invoiceTypes: ['81', '99'], amountMin: 10, amountMax: 5 },
      action: { nextEntryMarkStatus: '06' as '02', recordedPeriod: 'voucher', recordedTime: 'run' },
    })
    expect(problems.map((p) => p.field)).toEqual(['schedule', 'timeZone', 'match.invoiceTypes[1]', 'action.nextEntryMarkStatus', 'action.recordedPeriod', 'match.amountMax'])
    expect(problems[0].rule.en).toMatch(/e\.g\. "0 22 \* \* \*"/)
    expect(ruleProblems({ schedule: '*/5 * * * * *', timeZone: 'Asia/Shanghai', match: {}, action: { nextEntryMarkStatus: '02', recordedPeriod: 'run', recordedTime: 'run' } })).toEqual([])
    expect(ruleProblems({ schedule: '0 22 * *', timeZone: 'Asia/Shanghai', match: {}, action: { nextEntryMarkStatus: '02', recordedPeriod: 'run', recordedTime: 'run' } })[0].rule.en).toMatch(/got 4/)
  })
})
