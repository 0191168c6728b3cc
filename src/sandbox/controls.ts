// Endpoints no vendor has: the page where a person would finish the tax-bureau login, and the controls of the
// standalone sandbox under /__sandbox (tests in-process use the state object directly). docs/SANDBOX.md lists them.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { StringEnum } from '../http/schemas.ts'
import { ENTRY_MARK_STATUSES } from '../piaozone/entry-mark.ts'
import { asString, recordOrEmpty } from '../guards.ts'
import { FaultRule } from './faults.ts'
import type { SandboxState } from './state.ts'

/** An invoice for the pool: its tax number and number, the rest defaulted (a 数电 invoice, received, 未入账). */
const SentInvoice = Type.Object({
  taxNo: Type.String(),
  invoiceNo: Type.String(),
  invoiceCode: Type.Optional(Type.String()),
  invoiceType: Type.Optional(Type.String()),
  invoiceDate: Type.Optional(Type.String()),
  entryMarkStatus: Type.Optional(StringEnum(ENTRY_MARK_STATUSES)),
  serialNo: Type.Optional(Type.String()),
})

export function registerControlRoutes(root: FastifyInstance, state: SandboxState, prefix: string): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()

  // Where a person would finish the SMS/QR step: visiting it completes the interactive login.
  app.get(`${prefix}/etax-login`, async (request, reply) => {
    const taxNo = asString(recordOrEmpty(request.query).taxNo) ?? ''
    state.completeInteractiveLogin(taxNo)
    return reply.type('text/html; charset=utf-8').send(`<html><body><p>沙箱：${taxNo} 的税局登录已完成。</p></body></html>`)
  })

  app.get('/__sandbox/requests', async () => state.requests)
  app.post('/__sandbox/faults', { schema: { body: FaultRule } }, async (request) => {
    state.faults.push(request.body)
    return { faults: state.faults }
  })
  app.delete('/__sandbox/faults', async () => {
    state.faults = []
    return { faults: state.faults }
  })
  app.post('/__sandbox/invoices', { schema: { body: SentInvoice } }, async (request) => {
    const inv = request.body
    state.addInvoice({ invoiceCode: '', invoiceType: '27', invoiceDate: '20251101', entryMarkStatus: '01', ...inv })
    return state.getInvoice(inv.taxNo, inv.invoiceNo, inv.invoiceCode)
  })
  // Modes and a tax number's profile are merged as sent, unchecked (as ever): a test may set any field.
  app.put('/__sandbox/modes', async (request) => {
    Object.assign(state.modes, recordOrEmpty(request.body))
    return state.modes
  })
  app.put('/__sandbox/tax-numbers/:taxNo', { schema: { params: Type.Object({ taxNo: Type.String() }) } }, async (request) => {
    const { taxNo } = request.params
    Object.assign(state.profile(taxNo), recordOrEmpty(request.body))
    return state.profile(taxNo)
  })
}
