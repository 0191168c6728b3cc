// An ERP submitting invoices for 入账 and polling until every invoice has an outcome, with the typed client
// (types from openapi/schema.d.ts, generated from the OpenAPI document; HTTP by openapi-fetch).
//
//   GATEWAY_URL=http://127.0.0.1:3000 API_KEY=rzk_… [INVOICE_NO=…] node --import tsx examples/erp-submit-and-poll.ts
//
// Without INVOICE_NO it makes a 20-digit number up: the sandbox that `npm start` embeds takes any invoice it does
// not know, so the example works as often as you run it. Against real piaozone, name a received invoice.
import createClient from 'openapi-fetch'
import type { components, paths } from '../openapi/schema.d.ts'

// The document's named models: the same names a Java or C# client generated from it has (README, "Integrating an ERP").
type RecordingTask = components['schemas']['RecordingTask']
type TaskStatus = components['schemas']['TaskStatus']
type SubmitRequest = components['schemas']['SubmitRequest']
type ErrorBody = components['schemas']['ErrorBody']

/** The final statuses: the task never changes again. */
const FINISHED: TaskStatus[] = ['completed', 'partially_failed', 'failed', 'cancelled']
const problem = (error: ErrorBody | undefined) => (error ? `${error.statusCode} ${error.code}: ${error.message}` : 'no answer')

export async function submitAndWait(gatewayUrl: string, apiKey: string, invoiceNo: string, idempotencyKey: string, pollMs = 1000, timeoutMs = 120_000): Promise<RecordingTask> {
  const api = createClient<paths>({ baseUrl: gatewayUrl, headers: { authorization: `Bearer ${apiKey}` } })
  const body: SubmitRequest = {
    taxNo: '914403007451947782',
    nextEntryMarkStatus: '02',
    reference: idempotencyKey,
    invoices: [{ invoiceNo, invoiceCode: '', recordedTime: '20251126', recordedPeriod: '202511' }],
  }
  // The same key on a retry returns the same task instead of a second one.
  const submitted = await api.POST('/v1/recording-tasks', { params: { header: { 'idempotency-key': idempotencyKey } }, body })
  if (!submitted.data) throw new Error(`submit refused: ${problem(submitted.error)}`)
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { data, error } = await api.GET('/v1/recording-tasks/{id}', { params: { path: { id: submitted.data.id } } })
    if (!data) throw new Error(`lookup failed: ${problem(error)}`)
    if (FINISHED.includes(data.status)) return data
    if (Date.now() > deadline) throw new Error(`task ${data.id} still ${data.status}`)
    await new Promise((r) => setTimeout(r, pollMs))
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const invoiceNo = process.env.INVOICE_NO ?? `25${Date.now()}${String(Math.random()).slice(2, 7)}`
  const task = await submitAndWait(process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000', process.env.API_KEY ?? '', invoiceNo, `ERP-DEMO-${invoiceNo}`)
  console.log(`task ${task.id}: ${task.status}`)
  for (const inv of task.invoices) console.log(`  ${inv.invoiceNo}: ${inv.outcome} ${inv.entryMarkStatus ?? ''} ${inv.failReason ?? ''}`)
}
