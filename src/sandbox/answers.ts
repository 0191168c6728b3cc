// What every sandbox endpoint shares: the vendor's answer form and its refusal codes, the context the
// endpoints run in, and how they read the JSON a client sent (anything at all, so read field by field with
// src/guards.ts).
import type { DataCodec } from '../piaozone/codec.ts'
import type { SandboxState } from './state.ts'

/** Vendor-style refusals the sandbox answers with. The codes other than 2002 and 0201 are the sandbox's own. */
export const SANDBOX_ERRORS = {
  badEnvelope: '0100',
  unknownSystem: '0101',
  badData: '0102',
  unknownInterface: '0103',
  tokenRefused: '1001',
  taxLoginExpired: '0301',
  channelUnsupported: '2002',
  taskNotFound: '0201',
} as const

export type Answer = Record<string, unknown>

/** The state, the codec of the envelope's `data`, the tenant path segment, and where the sandbox listens. */
export interface SandboxContext {
  state: SandboxState
  codec: DataCodec
  prefix: string
  origin: () => string
}

export const ok = (codec: DataCodec, data: unknown): Answer => ({ errorCode: '0000', message: '请求成功', success: true, status: true, data: codec.encode(data) })
export const refuse = (errorCode: string, message: string): Answer => ({ errorCode, message, success: false, status: false, data: null })

