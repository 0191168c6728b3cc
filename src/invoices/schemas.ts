// Request and response schemas of the invoices routes (src/invoices/routes.ts): the search, the month-end summary and
// one invoice's entry status. Examples are the integration guide's.
import { Type } from 'typebox'
import { component } from '../components.ts'
import { EXAMPLE_TASK_ID, GUIDE_TAX_NO, Nullable, StringEnum } from '../http/schemas.ts'
import { InvoiceOutcome, PLAIN_TEXT, TaskStatus, TaxNoQuery } from '../recording/schemas.ts'

const Outcome = InvoiceOutcome

/** The language of a CSV's column headers; without it, the request's Accept-Language (zh or en). */
const CsvLang = StringEnum(['zh', 'en'] as const, { description: 'zh: Chinese column headers (so does Accept-Language: zh-CN); the codes in the rows stay as they are', examples: ['zh'] })

export const InvoiceQuery = Type.Object(
  {
    taxNo: Type.Optional(TaxNoQuery),
    entryMarkStatus: Type.Optional(Type.String({ pattern: '^[0-9]{2}$', 'x-rule': 'must be a 2-digit 入账状态 such as 01, 02, 03 or 06', description: 'The latest 入账状态 the vendor reported', examples: ['02'] })),
    outcome: Type.Optional(InvoiceOutcome),
    recordedPeriod: Type.Optional(Type.String({ pattern: '^[0-9]{6}([0-9]{2})?$', 'x-rule': 'must be yyyyMM (the whole month) or yyyyMMdd', description: '入账期间: yyyyMM matches the month whichever form was submitted; yyyyMMdd matches exactly', examples: ['202511'] })),
    createdFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Its latest task submitted at or after (ISO 8601)', examples: ['2025-11-01T00:00:00Z'] })),
    createdTo: Type.Optional(Type.String({ format: 'date-time', description: 'Its latest task submitted before (ISO 8601)', examples: ['2025-12-01T00:00:00Z'] })),
    reference: Type.Optional(Type.String({ maxLength: 128, pattern: PLAIN_TEXT, description: 'The reference of its latest task', examples: ['AP-2025-0042'] })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Rows per page (JSON); a CSV has every matching row', examples: [100] })),
    format: Type.Optional(StringEnum(['json', 'csv'] as const, { description: 'csv: every matching row as one CSV file for Excel (so does Accept: text/csv)', examples: ['json'] })),
    lang: Type.Optional(CsvLang),
    cursor: Type.Optional(Type.String({ maxLength: 300, pattern: '^[A-Za-z0-9_-]+$', 'x-rule': 'must be a nextCursor returned by this endpoint', description: 'nextCursor of the previous page', examples: ['WyI5MTQ0MDMwMDc0NTE5NDc3ODIiLCIyMzQ0MjAwMDAwMDE2NDIxNDMzNSIsIiJd'] })),
  },
  { additionalProperties: false },
)
const exampleInvoiceState = {
  taxNo: GUIDE_TAX_NO, invoiceNo: '23442000000164214335', invoiceCode: '', outcome: 'succeeded', entryMarkStatus: '02', entryMarkLabel: '已入账（企业所得税税前扣除）',
  recorded: true, failReason: null, recordedTime: '20251126', recordedPeriod: '202511', taskId: EXAMPLE_TASK_ID, taskStatus: 'completed',
  reference: 'AP-2025-0042', nextEntryMarkStatus: '02', submittedAt: '2025-11-26T08:00:00.000Z', updatedAt: '2025-11-26T08:00:03.000Z',
}
export const InvoiceState = component(
  'InvoiceState',
  Type.Object(
    {
      taxNo: Type.String(),
      invoiceNo: Type.String(),
      invoiceCode: Type.String(),
      outcome: Outcome,
      entryMarkStatus: Nullable(Type.String({ description: 'The latest 入账状态 the vendor reported to any of your tasks' })),
      entryMarkLabel: Nullable(Type.String()),
      recorded: Type.Boolean({ description: 'true when 02 or 03' }),
      failReason: Nullable(Type.String({ description: 'The vendor\'s reason, verbatim, when the latest task failed it' })),
      recordedTime: Type.String(),
      recordedPeriod: Type.String(),
      taskId: Type.String({ description: 'The latest task that held it' }),
      taskStatus: TaskStatus,
      reference: Nullable(Type.String()),
      nextEntryMarkStatus: Type.String(),
      submittedAt: Type.String({ format: 'date-time' }),
      updatedAt: Type.String({ format: 'date-time' }),
    },
    { description: 'An invoice you have sent, in its latest known state: as its latest task left it, with the latest 入账状态 the vendor reported', examples: [exampleInvoiceState] },
  ),
)
export const InvoiceList = component('InvoiceList', Type.Object(
  {
    items: Type.Array(InvoiceState),
    nextCursor: Nullable(Type.String({ description: 'Pass as cursor for the next page; null on the last page' })),
  },
  { description: 'A page of your invoices in their latest known state, by tax number and invoice number', examples: [{ items: [exampleInvoiceState], nextCursor: null }] },
))


export const EntrySummaryQuery = Type.Object(
  {
    taxNo: TaxNoQuery,
    recordedPeriod: Type.String({ pattern: '^[0-9]{6}([0-9]{2})?$', 'x-rule': 'must be yyyyMM (the whole month) or yyyyMMdd', description: '入账期间: yyyyMM for the month, whichever form was submitted; yyyyMMdd exactly', examples: ['202511'] }),
    format: Type.Optional(StringEnum(['json', 'csv'] as const, { description: 'csv: the same figures as a CSV file for Excel (so does Accept: text/csv)', examples: ['json'] })),
    lang: Type.Optional(CsvLang),
  },
  { additionalProperties: false },
)
export const EntrySummary = component('EntrySummary', Type.Object(
  {
    taxNo: Type.String(),
    recordedPeriod: Type.String(),
    total: Type.Integer({ description: 'Invoices of the period, each in its latest known state' }),
    byTarget: Type.Array(
      Type.Object({ nextEntryMarkStatus: Type.String(), pending: Type.Integer(), succeeded: Type.Integer(), failed: Type.Integer() }),
      { description: 'By the target 入账状态 of each invoice\'s latest task, and its outcome' },
    ),
    failures: Type.Array(Type.Object({ failReason: Type.String({ description: 'The vendor\'s reason, verbatim' }), count: Type.Integer() }), { description: 'Failed invoices by reason, most first' }),
  },
  {
    description: 'The month-end summary of one tax number',
    examples: [
      {
        taxNo: GUIDE_TAX_NO, recordedPeriod: '202511', total: 1204,
        byTarget: [{ nextEntryMarkStatus: '02', pending: 0, succeeded: 1190, failed: 12 }, { nextEntryMarkStatus: '06', pending: 2, succeeded: 0, failed: 0 }],
        failures: [{ failReason: '发票当前入账状态为02，不能变更为02', count: 9 }, { failReason: '发票不存在', count: 3 }],
      },
    ],
  },
))

// The example's second task asked again for a status the invoice already had.
const EXAMPLE_RETRY_ID = '7d2f4e1a-3b6c-4f8e-a1d2-5c9b8e7f6a30'
const ALREADY_02 = '发票当前入账状态为02，不能变更为02'

export const EntryStatusParams = Type.Object({ invoiceNo: Type.String({ pattern: '^[0-9]{8,20}$', description: '20 digits (数电) or 8 digits', examples: ['23442000000164214335'] }) })
export const EntryStatusQuery = Type.Object(
  // The example code is empty, as the path example's 数电 number has none (a code there would find nothing).
  { taxNo: TaxNoQuery, invoiceCode: Type.Optional(Type.String({ pattern: '^[0-9]{0,12}$', description: 'For legacy (8-digit) invoices: their 10- or 12-digit code, e.g. 4403191130; empty or omitted for 数电', examples: [''] })) },
  { additionalProperties: false },
)
export const EntryStatus = component('EntryStatus', Type.Object(
  {
    taxNo: Type.String(),
    invoiceNo: Type.String(),
    invoiceCode: Type.String(),
    entryMarkStatus: Nullable(Type.String({ description: 'Latest 入账状态 the vendor reported; null while only pending' })),
    entryMarkLabel: Nullable(Type.String()),
    recorded: Type.Boolean({ description: 'true when 02 or 03' }),
    redReversal: Type.String({ description: 'What the status means for the seller red-reversing (红冲) the invoice' }),
    pendingTaskId: Nullable(Type.String({ description: 'An unfinished task holding this invoice' })),
    history: Type.Array(
      component('EntryStatusTask', Type.Object({
        taskId: Type.String(),
        nextEntryMarkStatus: Type.String(),
        outcome: Outcome,
        preEntryMarkStatus: Nullable(Type.String()),
        entryMarkStatus: Nullable(Type.String()),
        failReason: Nullable(Type.String()),
        updatedAt: Type.String({ format: 'date-time' }),
      }, { description: 'A task that held the invoice, and its outcome there' })),
      { description: 'Newest first' },
    ),
    changes: Type.Array(
      component('EntryStatusChange', Type.Object({
        fromStatus: Nullable(Type.String({ description: 'The status before, as the vendor reported it; null when it did not say' })),
        toStatus: Type.String(),
        at: Type.String({ format: 'date-time', description: 'When the gateway learnt of the change' }),
        taskId: Type.String(),
        vendorTaskNo: Nullable(Type.String()),
        operator: Nullable(Type.String({ description: 'The submit\'s operator' })),
        reason: Nullable(Type.String({ description: 'The submit\'s reason' })),
      }, { description: 'A change of the invoice\'s 入账状态 piaozone confirmed' })),
      { description: 'Every change of its 入账状态 piaozone confirmed to your tasks (the invoice succeeded), newest first; append-only, nothing can change it' },
    ),
    attempts: Type.Array(
      component('EntryStatusAttempt', Type.Object({
        taskId: Type.String(),
        vendorTaskNo: Nullable(Type.String({ description: 'null when piaozone refused the batch before giving it a task number' })),
        at: Type.String({ format: 'date-time', description: 'When the gateway learnt of the failure' }),
        nextEntryMarkStatus: Type.String({ description: 'The status asked for' }),
        outcome: StringEnum(['failed'] as const),
        failReason: Nullable(Type.String({ description: 'The vendor\'s reason, verbatim' })),
        operator: Nullable(Type.String({ description: 'The submit\'s operator' })),
        reason: Nullable(Type.String({ description: 'The submit\'s reason' })),
      }, { description: 'An attempt piaozone failed' })),
      { description: 'Every attempt of your tasks that piaozone failed, newest first: asked for, not done, so never among changes' },
    ),
  },
  {
    description: 'The latest 入账状态 the vendor reported for the invoice, every task that touched it, and the audit trail: its changes, and the attempts piaozone failed',
    examples: [
      {
        taxNo: GUIDE_TAX_NO, invoiceNo: '23442000000164214335', invoiceCode: '', entryMarkStatus: '02', entryMarkLabel: '已入账（企业所得税税前扣除）',
        recorded: true, redReversal: 'Recorded: the seller can no longer red-reverse (红冲) it alone; the buyer must confirm the 红字发票信息确认单.',
        pendingTaskId: null,
        history: [
          { taskId: EXAMPLE_RETRY_ID, nextEntryMarkStatus: '02', outcome: 'failed', preEntryMarkStatus: null, entryMarkStatus: '02', failReason: ALREADY_02, updatedAt: '2025-11-27T09:30:02.000Z' },
          { taskId: EXAMPLE_TASK_ID, nextEntryMarkStatus: '02', outcome: 'succeeded', preEntryMarkStatus: '01', entryMarkStatus: '02', failReason: null, updatedAt: '2025-11-26T08:00:03.000Z' },
        ],
        changes: [{ fromStatus: '01', toStatus: '02', at: '2025-11-26T08:00:03.000Z', taskId: EXAMPLE_TASK_ID, vendorTaskNo: 'RZ1764136800000000001', operator: 'zhang.san', reason: null }],
        attempts: [
          { taskId: EXAMPLE_RETRY_ID, vendorTaskNo: 'RZ1764235800000000007', at: '2025-11-27T09:30:02.000Z', nextEntryMarkStatus: '02', outcome: 'failed', failReason: ALREADY_02, operator: 'li.si', reason: null },
        ],
      },
    ],
  },
))

