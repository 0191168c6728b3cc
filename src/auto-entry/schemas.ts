// Request and response schemas of /v1/auto-entry: candidates, rules and runs. Examples are one worked case: expense
// claims (报销单) collected from the tax bureau, 数电 invoices, 02, nightly at 22:00 Beijing time, period from the voucher.
import { Type } from 'typebox'
import { component } from '../components.ts'
import { GUIDE_TAX_NO, Nullable, StringEnum } from '../http/schemas.ts'
import { AUTO_ENTRY_TARGETS } from '../piaozone/entry-mark.ts'
import { TaskStatus } from '../recording/schemas.ts'
import { TAX_NO_PATTERN, TAX_NO_RULE } from '../tax-numbers/tax-no.ts'
import { CANDIDATE_STATES, INVOICE_TYPES } from './rules.ts'

const CODE = '^[A-Za-z0-9_.-]{1,32}$'
const code = (description: string, example: string) => Type.String({ pattern: CODE, 'x-rule': 'must be 1–32 letters, digits, _, . or -', description, examples: [example] })
const codes = (description: string, example: string) => Type.Array(code(description, example), { minItems: 1, maxItems: 50 })
const TaxNoText = Type.String({ pattern: TAX_NO_PATTERN, 'x-rule': TAX_NO_RULE, description: '购方纳税人识别号', examples: [GUIDE_TAX_NO] })
const yyyyMMdd = (description: string, example: string) => Type.String({ pattern: '^20[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$', 'x-rule': 'must be a date as yyyyMMdd', description, examples: [example] })
const yyyyMM = Type.String({ pattern: '^20[0-9]{2}(0[1-9]|1[0-2])$', 'x-rule': 'must be a month as yyyyMM', description: '凭证的会计期间 (yyyyMM)', examples: ['202511'] })
const RuleName = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$', 'x-rule': 'must be 1–64 letters, digits, _, . or -', description: 'The rule\'s name, unique per client', examples: ['expense-claims-nightly'] })
const InvoiceType = StringEnum(Object.keys(INVOICE_TYPES), { description: `发票种类代码: ${Object.entries(INVOICE_TYPES).map(([k, v]) => `${k} ${v}`).join(', ')}`, examples: ['81'] })

export const CandidateInput = component('AutoEntryCandidateInput', Type.Object(
  {
    invoiceNo: Type.String({ pattern: '^([0-9]{20}|[0-9]{8})$', 'x-rule': 'must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)', description: '发票号码', examples: ['25442000000123450001'] }),
    invoiceCode: Type.Optional(Type.String({ pattern: '^([0-9]{10}|[0-9]{12})?$', 'x-rule': 'must be empty (数电) or 10 or 12 digits', description: '发票代码; empty for 数电', examples: [''] })),
    invoiceType: InvoiceType,
    issueDate: yyyyMMdd('开票日期', '20251103'),
    source: code('Where your ERP collected it (your own code), e.g. tax_bureau, scan, email', 'tax_bureau'),
    document: Type.Optional(
      Type.Object(
        { type: code('The type of document it is bound to (your code), e.g. expense_claim, payment, purchase', 'expense_claim'), number: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\u0000-\\u001F\\u007F]+$', 'x-rule': 'must be 1–64 characters of plain text', examples: ['BX-2025-1103'] })), status: Type.Optional(code('Its status in your ERP, e.g. approved', 'approved')) },
        { additionalProperties: false, description: 'The document (单据) it is bound to' },
      ),
    ),
    voucher: Type.Optional(
      Type.Object(
        { number: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\u0000-\\u001F\\u007F]+$', 'x-rule': 'must be 1–64 characters of plain text', examples: ['记-0321'] })), period: yyyyMM, date: yyyyMMdd('凭证日期', '20251120') },
        { additionalProperties: false, description: 'The 凭证 once it is posted' },
      ),
    ),
    state: Type.Optional(StringEnum(CANDIDATE_STATES, { description: 'normal (default); red_reversed, void and abnormal are never taken', examples: ['normal'] })),
    sellerTaxNo: Type.Optional(TaxNoText),
    amount: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12, description: '价税合计 (yuan)', examples: [1280.5] })),
  },
  { additionalProperties: false, description: 'An invoice handed over for automatic 入账, with the document and voucher it is bound to' },
))

export const CandidatesBody = component('AutoEntryCandidatesRequest', Type.Object(
  { taxNo: TaxNoText, invoices: Type.Array(CandidateInput, { minItems: 1, maxItems: 1000, description: '1 to 1000 invoices of this buyer' }) },
  {
    additionalProperties: false,
    examples: [
      {
        taxNo: GUIDE_TAX_NO,
        invoices: [
          { invoiceNo: '25442000000123450001', invoiceType: '81', issueDate: '20251103', source: 'tax_bureau', document: { type: 'expense_claim', number: 'BX-2025-1103', status: 'approved' }, voucher: { number: '记-0321', period: '202511', date: '20251120' }, amount: 1280.5 },
        ],
      },
    ],
  },
))

const Standing = component('AutoEntryStanding', StringEnum(['waiting', 'not_matched', 'excluded', 'submitted', 'recorded', 'failed', 'withdrawn'] as const, {
  description: 'waiting: a rule takes it at its next run (or once `reasons` pass); not_matched: no rule takes it (reasons per rule); excluded: it may not be taken (reasons); submitted: in a task; recorded; failed (the vendor\'s reason); withdrawn',
  examples: ['waiting'],
}))
const exampleStanding = {
  taxNo: GUIDE_TAX_NO,
  invoiceNo: '25442000000123450001',
  invoiceCode: '',
  standing: 'waiting',
  rule: 'expense-claims-nightly',
  nextRunAt: '2025-11-26T14:00:00.000Z',
  reasons: ['rule expense-claims-nightly takes it at its next run'],
  taskId: null,
}
const exampleNotMatched = {
  ...exampleStanding,
  invoiceNo: '25442000000123450002',
  standing: 'not_matched',
  rule: null,
  nextRunAt: null,
  reasons: ['no enabled rule takes it'],
  notMatchedBy: { 'expense-claims-nightly': ['source scan is not one of tax_bureau'] },
}
const candidateStanding = Type.Object(
  {
    taxNo: Type.String(),
    invoiceNo: Type.String(),
    invoiceCode: Type.String(),
    standing: Standing,
    rule: Nullable(Type.String({ description: 'The rule that takes it (while waiting or excluded)' })),
    nextRunAt: Nullable(Type.String({ format: 'date-time', description: 'When that rule runs next' })),
    reasons: Type.Array(Type.String(), { description: 'Why it stands so, in plain words' }),
    notMatchedBy: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()), { description: 'For not_matched: each enabled rule and why it does not take the invoice' })),
    taskId: Nullable(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false, description: 'Where a candidate stands, and why', examples: [{ ...exampleStanding, standing: 'withdrawn', rule: null, nextRunAt: null, reasons: ['withdrawn: its document was unbound'] }] },
)
export const CandidateStanding = component('AutoEntryCandidate', candidateStanding)
const StoredCandidate = component(
  'AutoEntryStoredCandidate',
  Type.Object(
    { ...candidateStanding.properties, created: Type.Boolean({ description: 'New, or an update of one handed over before' }) },
    { additionalProperties: false, description: 'A candidate as a PUT stored it, and where it stands now', examples: [{ ...exampleStanding, created: true }] },
  ),
)
export const CandidatesAnswer = component(
  'AutoEntryCandidatesAnswer',
  Type.Object(
    { items: Type.Array(StoredCandidate) },
    { description: 'Each invoice as stored, and where it stands now', examples: [{ items: [{ ...exampleStanding, created: true }, { ...exampleNotMatched, created: false }] }] },
  ),
)
export const CandidateList = component(
  'AutoEntryCandidateList',
  Type.Object({ items: Type.Array(CandidateStanding), nextCursor: Nullable(Type.String()) }, { description: 'Candidates in key order', examples: [{ items: [exampleStanding, exampleNotMatched], nextCursor: null }] }),
)
export const CandidateQuery = Type.Object(
  {
    taxNo: Type.Optional(TaxNoText),
    standing: Type.Optional(Standing),
    rule: Type.Optional(RuleName),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100, examples: [100] })),
    cursor: Type.Optional(Type.String({ maxLength: 300, pattern: '^[A-Za-z0-9_-]+$', 'x-rule': 'must be a nextCursor returned by this endpoint', description: 'nextCursor of the previous page', examples: ['WyI5MTQ0MDMwMDc0NTE5NDc3ODIiLCIiLCIyNTQ0MjAwMDAwMDEyMzQ1MDAwMSJd'] })),
  },
  { additionalProperties: false },
)
export const CandidateParams = Type.Object({ invoiceNo: Type.String({ pattern: '^([0-9]{20}|[0-9]{8})$', examples: ['25442000000123450001'] }) })
export const CandidateKeyQuery = Type.Object({ taxNo: TaxNoText, invoiceCode: Type.Optional(Type.String({ pattern: '^([0-9]{10}|[0-9]{12})?$', examples: [''] })) }, { additionalProperties: false })

const exampleRule = {
  enabled: true,
  priority: 10,
  match: { sources: ['tax_bureau'], documentTypes: ['expense_claim'], invoiceTypes: ['81', '82'], requireVoucher: true },
  action: { nextEntryMarkStatus: '02', recordedPeriod: 'voucher', recordedTime: 'voucher' },
  schedule: '0 22 * * *',
  timeZone: 'Asia/Shanghai',
}
export const RuleBody = component('AutoEntryRuleInput', Type.Object(
  {
    enabled: Type.Boolean({ examples: [true] }),
    priority: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Lower first: the first enabled rule that matches an invoice takes it', examples: [10] }),
    taxNos: Type.Optional(Type.Array(TaxNoText, { maxItems: 1000, description: 'Only these buyers; omitted: every tax number you may use' })),
    match: Type.Object(
      {
        sources: Type.Optional(codes('数据来源', 'tax_bureau')),
        documentTypes: Type.Optional(codes('单据类型', 'expense_claim')),
        documentStatuses: Type.Optional(codes('单据状态', 'approved')),
        invoiceTypes: Type.Optional(Type.Array(Type.String({ examples: ['81'] }), { minItems: 1, maxItems: 50, description: '发票种类代码' })),
        requireVoucher: Type.Optional(Type.Boolean({ description: 'Only invoices whose 凭证 is posted' })),
        minAgeDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: 'Only invoices issued at least this many days ago' })),
        amountMin: Type.Optional(Type.Number({ minimum: 0 })),
        amountMax: Type.Optional(Type.Number({ minimum: 0 })),
        sellerTaxNos: Type.Optional(Type.Array(TaxNoText, { minItems: 1, maxItems: 1000 })),
        excludeSellerTaxNos: Type.Optional(Type.Array(TaxNoText, { minItems: 1, maxItems: 1000 })),
      },
      { additionalProperties: false, description: 'Every list given must match; an omitted one matches all' },
    ),
    action: Type.Object(
      {
        nextEntryMarkStatus: StringEnum(AUTO_ENTRY_TARGETS, { description: '02 or 03; 06 (入账撤销) is never automatic', examples: ['02'] }),
        recordedPeriod: StringEnum(['voucher', 'issue', 'run'] as const, { description: '入账属期 from the voucher\'s period (needs requireVoucher), the issue month, or the run\'s month; clamped into [the invoice\'s month, the current month]', examples: ['voucher'] }),
        recordedTime: StringEnum(['voucher', 'run'] as const, { description: '入账时间 from the voucher\'s date (needs requireVoucher) or the run\'s day; never after today', examples: ['voucher'] }),
      },
      { additionalProperties: false },
    ),
    schedule: Type.String({ minLength: 9, maxLength: 100, description: 'cron: 5 fields (minute hour day month weekday), or 6 with seconds first', examples: ['0 22 * * *'] }),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone of the schedule; default Asia/Shanghai', examples: ['Asia/Shanghai'] })),
  },
  { additionalProperties: false, description: 'A rule as you set it', examples: [exampleRule] },
))
export const RuleView = component('AutoEntryRule', Type.Object(
  {
    name: Type.String(),
    enabled: Type.Boolean(),
    priority: Type.Integer(),
    taxNos: Type.Array(Type.String()),
    match: Type.Record(Type.String(), Type.Unknown()),
    action: Type.Record(Type.String(), Type.Unknown()),
    schedule: Type.String(),
    timeZone: Type.String(),
    nextRunAt: Nullable(Type.String({ format: 'date-time', description: 'The next slot of its schedule (null when disabled)' })),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { description: 'A rule as stored, and when it runs next', examples: [{ name: 'expense-claims-nightly', taxNos: [], ...exampleRule, nextRunAt: '2025-11-26T14:00:00.000Z', createdAt: '2025-11-26T02:00:00.000Z', updatedAt: '2025-11-26T02:00:00.000Z' }] },
))
const exampleRuleView = { name: 'expense-claims-nightly', taxNos: [], ...exampleRule, nextRunAt: '2025-11-26T14:00:00.000Z', createdAt: '2025-11-26T02:00:00.000Z', updatedAt: '2025-11-26T02:00:00.000Z' }
export const RuleList = component('AutoEntryRuleList', Type.Object({ items: Type.Array(RuleView) }, { description: 'Your rules, lower priority first', examples: [{ items: [exampleRuleView] }] }))
export const RuleParams = Type.Object({ name: RuleName })
export const RuleHeaders = Type.Object({
  'x-operator': Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$', 'x-rule': 'must be 1–64 printable ASCII characters', description: 'Who in your ERP made the change; kept in the rule\'s history', examples: ['li.si'] })),
})
const { name: _name, nextRunAt: _next, createdAt: _created, updatedAt: _updated, ...exampleRecord } = exampleRuleView
export const RuleHistory = component('AutoEntryRuleHistory', Type.Object(
  {
    items: Type.Array(Type.Object({ operator: Nullable(Type.String()), at: Type.String({ format: 'date-time' }), before: Nullable(Type.Record(Type.String(), Type.Unknown())), after: Nullable(Type.Record(Type.String(), Type.Unknown())) })),
  },
  {
    description: 'Every change, newest first: before and after as set (null before a creation, null after a deletion)',
    examples: [{ items: [{ operator: 'wang.wu', at: '2025-11-27T01:00:00.000Z', before: exampleRecord, after: { ...exampleRecord, priority: 20 } }, { operator: 'li.si', at: '2025-11-26T02:00:00.000Z', before: null, after: exampleRecord }] }],
  },
))

const Counts = Type.Object(
  {
    considered: Type.Integer({ description: 'Candidates it looked at' }),
    submitted: Type.Integer(),
    notMatched: Type.Integer({ description: 'Taken by no rule, or by another rule' }),
    waiting: Type.Integer({ description: 'Its own, but not yet (e.g. minAgeDays)' }),
    excluded: Type.Record(Type.String(), Type.Integer(), { description: 'By reason' }),
  },
  { additionalProperties: false },
)
const exampleRunView = {
  id: '6f1d0c52-3b7a-4c1e-9d3f-0a2b4c6d8e10', rule: 'expense-claims-nightly', trigger: 'schedule', slot: '2025-11-26T14:00:00.000Z', state: 'finished',
  startedAt: '2025-11-26T14:00:00.120Z', finishedAt: '2025-11-26T14:00:09.500Z', error: null,
  counts: { considered: 3, submitted: 2, notMatched: 0, waiting: 0, excluded: { red_reversed: 1 } },
}
export const RunTrigger = component('AutoEntryRunTrigger', StringEnum(['schedule', 'catch_up', 'manual'] as const, { description: 'schedule: a slot of the rule\'s schedule; catch_up: a slot missed while no gateway ran; manual: POST …/run', examples: ['schedule'] }))
const runFields = {
  id: Type.String({ format: 'uuid' }),
  rule: Type.String(),
  trigger: RunTrigger,
  slot: Nullable(Type.String({ format: 'date-time', description: 'The schedule\'s slot it ran for' })),
  state: component(
    'AutoEntryRunState',
    StringEnum(['running', 'waiting', 'finished', 'skipped', 'failed'] as const, { description: 'running: selecting and submitting; waiting: its tasks work; finished: every task finished; skipped: the previous run was still going; failed: the process running it stopped (error)', examples: ['finished'] }),
  ),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  counts: component('AutoEntryRunCounts', Type.Partial(Counts)),
  error: Nullable(Type.String()),
}
const exampleRunTask = { id: '0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d', status: 'completed', invoiceCount: 2, counts: { pending: 0, succeeded: 2, failed: 0 } }
export const RunView = component(
  'AutoEntryRun',
  Type.Object(
    {
      ...runFields,
      tasks: Type.Array(
        component(
          'AutoEntryRunTask',
          Type.Object(
            { id: Type.String({ format: 'uuid' }), status: TaskStatus, invoiceCount: Type.Integer(), counts: Type.Object({ pending: Type.Integer(), succeeded: Type.Integer(), failed: Type.Integer() }) },
            { description: 'A task the run made, and its invoices by outcome', examples: [exampleRunTask] },
          ),
        ),
      ),
    },
    { description: 'A run: counts, and its tasks with their outcomes', examples: [{ ...exampleRunView, tasks: [exampleRunTask] }] },
  ),
)
const RunSummary = component('AutoEntryRunSummary', Type.Object(runFields, { description: 'A run without its tasks', examples: [exampleRunView] }))
export const RunList = component('AutoEntryRunList', Type.Object({ items: Type.Array(RunSummary), nextCursor: Nullable(Type.String()) }, { description: 'Runs, newest first', examples: [{ items: [exampleRunView], nextCursor: null }] }))
export const RunParams = Type.Object({ id: Type.String({ format: 'uuid', examples: ['6f1d0c52-3b7a-4c1e-9d3f-0a2b4c6d8e10'] }) })
export const RunQuery = Type.Object(
  {
    rule: Type.Optional(RuleName),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, examples: [20] })),
    cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$', 'x-rule': 'must be a nextCursor returned by this endpoint', description: 'nextCursor of the previous page', examples: ['MjAyNS0xMS0yNlQxNDowMDowMC4xMjBafDZmMWQwYzUyLTNiN2EtNGMxZS05ZDNmLTBhMmI0YzZkOGUxMA'] })),
  },
  { additionalProperties: false },
)
export const Preview = component('AutoEntryPreview', Type.Object(
  {
    groups: Type.Array(Type.Object({ taxNo: Type.String(), nextEntryMarkStatus: Type.String(), recordedPeriod: Type.String(), count: Type.Integer(), invoices: Type.Array(Type.Object({ invoiceNo: Type.String(), invoiceCode: Type.String(), recordedTime: Type.String(), recordedPeriod: Type.String() }), { description: 'Up to 100' }) })),
    counts: Counts,
    left: Type.Array(CandidateStanding, { description: 'Up to 100 candidates it would leave, and why' }),
  },
  {
    description: 'What a run now would submit and leave; nothing is written or sent',
    examples: [
      {
        groups: [{ taxNo: GUIDE_TAX_NO, nextEntryMarkStatus: '02', recordedPeriod: '202511', count: 1, invoices: [{ invoiceNo: '25442000000123450001', invoiceCode: '', recordedTime: '20251120', recordedPeriod: '202511' }] }],
        counts: { considered: 2, submitted: 1, notMatched: 1, waiting: 0, excluded: {} },
        left: [exampleNotMatched],
      },
    ],
  },
))
