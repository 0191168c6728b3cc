// Faults a test can make the sandbox commit: the rules (state.faults, or POST /__sandbox/faults on the
// standalone sandbox) and how a fired fault takes over a call. The schemas are the types, and they check
// the rules the standalone sandbox is sent.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import type { SandboxState } from './state.ts'

const only = <K extends string>(kind: K) => Type.Object({ kind: Type.Literal(kind) })

export const Fault = Type.Union([
  Type.Object({ kind: Type.Literal('latency'), ms: Type.Number() }),
  Type.Object({ kind: Type.Literal('http_error'), status: Type.Number() }),
  only('drop'),
  // The call is carried out, then the connection is dropped instead of answering: a submit of unknown fate.
  only('drop_after'),
  // The call is carried out, then answered as a success whose `data` is empty: no task number to read.
  only('empty_success'),
  only('not_json'),
  only('bad_base64'),
  only('invalidate_token'),
  Type.Object({ kind: Type.Literal('business_error'), errorCode: Type.String(), message: Type.String() }),
])
export type Fault = Static<typeof Fault>

export const FaultRule = Type.Object({
  fault: Fault,
  on: Type.Optional(Type.String({ description: 'An interfaceCode (taxLogin, invoiceRecorded, …) or getAppToken / login; every call when absent.' })),
  skip: Type.Optional(Type.Number({ description: 'Let this many matching calls through untouched first (to order rules one after another).' })),
  times: Type.Optional(Type.Number({ description: 'Apply to this many matching calls, then drop the rule.' })),
  rate: Type.Optional(Type.Number({ description: 'Apply with this probability (0–1) to each matching call.' })),
})
export type FaultRule = Static<typeof FaultRule>

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Hangs up without answering. */
export function dropConnection(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.hijack()
  request.raw.socket.destroy()
  return reply
}

/** Applies the faults fired for this call (and the sandbox's latency); true when the reply has been taken over. */
export async function applyFaults(state: SandboxState, faults: Fault[], request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  if (state.latencyMs) await sleep(state.latencyMs)
  for (const f of faults) if (f.kind === 'latency') await sleep(f.ms)
  for (const f of faults) {
    if (f.kind === 'drop') {
      dropConnection(request, reply)
      return true
    }
    if (f.kind === 'http_error') {
      reply.code(f.status).type('text/html').send(`<html><body><h1>${f.status}</h1></body></html>`)
      return true
    }
    if (f.kind === 'not_json') {
      reply.code(200).type('text/html').send('<html><body>系统维护中，请稍后再试</body></html>')
      return true
    }
    if (f.kind === 'invalidate_token') state.invalidateTokens()
  }
  return false
}
