// GET /v1/invoices (JSON or CSV), GET /v1/reports/entry-summary and GET /v1/invoices/{invoiceNo}/entry-status: thin, each
// with a full schema; the work is in InvoiceService.
import { Readable } from 'node:stream'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type TSchema, Type } from 'typebox'
import { bearerAuth, JSON_TYPE, v1Errors } from '../http/schemas.ts'
import { readBack } from '../i18n/index.ts'
import { requestLang } from '../plugins/errors.ts'
import type { Caller } from '../tax-numbers/access.ts'
import { EntryStatus, EntryStatusParams, EntryStatusQuery, EntrySummary, EntrySummaryQuery, InvoiceList, InvoiceQuery } from './schemas.ts'
import { InvoiceService } from './service.ts'

/** CSV when asked for by `format=csv`, or by `Accept: text/csv` when the query does not say. */
const wantsCsv = (request: FastifyRequest, format: 'json' | 'csv' | undefined) => format === 'csv' || (format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ''))
/** A 200 that is JSON, or the same as a CSV file for Excel. */
const jsonOrCsv = (description: string, json: TSchema, csv: { description: string; example: string }) => ({
  description,
  content: { 'application/json': { schema: json }, 'text/csv': { schema: Type.String({ description: csv.description, examples: [csv.example] }) } },
})
/** Sends a CSV file (a string, or a stream of lines) as an attachment named `filename`. */
const sendCsv = (reply: FastifyReply, filename: string, body: string | Readable) =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(body)

export interface InvoiceRoutesDeps {
  service: InvoiceService
  /** Who is calling; replaced by API-key authentication. */
  caller: (request: FastifyRequest) => Caller
}

export async function invoiceRoutes(root: FastifyInstance, deps: InvoiceRoutesDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { service } = deps

  app.get(
    '/v1/invoices',
    {
      schema: {
        tags: ['invoices'],
        security: bearerAuth,
        operationId: 'searchInvoices',
        summary: 'Your invoices in their latest known state, filtered',
        description:
          'One row per invoice you have sent (per tax number, invoice number and code), as its latest task left it, with the latest 入账状态 the vendor reported. Ordered by tax number and invoice number; page with cursor.',
        querystring: InvoiceQuery,
        response: {
          200: jsonOrCsv('A page of invoices (JSON), or every matching invoice as a CSV file for Excel (format=csv or Accept: text/csv)', InvoiceList, {
            description:
              'UTF-8 with a BOM, a header row, one row per invoice with the JSON item\'s fields, streamed. Codes (taxNo, invoiceNo, invoiceCode, entryMarkStatus, recordedTime, recordedPeriod, nextEntryMarkStatus) are written ="…" so Excel and WPS keep them as text.',
            example: '\uFEFFtaxNo,invoiceNo,invoiceCode,outcome,entryMarkStatus,…\r\n="914403007451947782",="04512345",="4403191130",succeeded,="02",…\r\n',
          }),
          ...v1Errors(400, 403),
        },
      },
    },
    async (request, reply) => {
      const caller = deps.caller(request)
      if (!wantsCsv(request, request.query.format)) return reply.type(JSON_TYPE).send(await service.invoices(request.query, caller))
      const { filename, lines } = service.invoicesCsv(request.query, caller, request.query.lang ?? requestLang(request))
      return sendCsv(reply, filename, Readable.from(lines))
    },
  )

  app.get(
    '/v1/reports/entry-summary',
    {
      schema: {
        tags: ['invoices'],
        security: bearerAuth,
        operationId: 'getEntrySummary',
        summary: 'Month-end summary of a tax number: counts by target and outcome, failures by reason',
        description: 'Over your invoices of the period, each in its latest known state (as GET /v1/invoices lists them).',
        querystring: EntrySummaryQuery,
        response: {
          200: jsonOrCsv('The summary (JSON), or the same figures as a CSV file for Excel (format=csv or Accept: text/csv)', EntrySummary, {
            description: 'UTF-8 with a BOM: kind,nextEntryMarkStatus,outcome,failReason,count — a row per target × outcome, then a row per failure reason; nextEntryMarkStatus is written ="…" so Excel keeps 02 as text',
            example: '\uFEFFkind,nextEntryMarkStatus,outcome,failReason,count\r\noutcome,="02",succeeded,,1190\r\nfailure,,failed,发票不存在,3\r\n',
          }),
          ...v1Errors(400, 403),
        },
      },
    },
    async (request, reply) => {
      const { taxNo, recordedPeriod, format, lang } = request.query
      const summary = await service.entrySummary(taxNo, recordedPeriod, deps.caller(request))
      if (!wantsCsv(request, format)) return reply.type(JSON_TYPE).send(summary)
      return sendCsv(reply, `entry-summary-${taxNo}-${recordedPeriod}.csv`, InvoiceService.entrySummaryCsv(summary, lang ?? requestLang(request)))
    },
  )

  app.get(
    '/v1/invoices/:invoiceNo/entry-status',
    {
      schema: {
        tags: ['invoices'],
        security: bearerAuth,
        operationId: 'getInvoiceEntryStatus',
        summary: 'Latest known 入账状态 of one invoice, with its history',
        description: 'As your tasks learnt it from piaozone (it is not asked again): the latest 入账状态, whether the seller can still red-reverse the invoice, every task that held it, and the audit trail. 404 for an invoice none of your tasks held; a legacy invoice needs its invoiceCode.',
        params: EntryStatusParams,
        querystring: EntryStatusQuery,
        response: { 200: EntryStatus, ...v1Errors(400, 403, 404) },
      },
    },
    async (request) => {
      const status = await service.entryStatus(request.params.invoiceNo, request.query.taxNo, request.query.invoiceCode ?? '', deps.caller(request))
      return { ...status, redReversal: readBack(status.redReversal, requestLang(request)) }
    },
  )
}
