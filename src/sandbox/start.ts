// Starts the sandbox on a loopback port and says how to reach it.
import { DEFAULT_TAX_LOGIN_PATTERN, type PiaozoneConfig } from '../piaozone/client.ts'
import { buildSandbox } from './app.ts'
import { type SandboxOptions, SandboxState } from './state.ts'

export interface RunningSandbox {
  state: SandboxState
  /** What PIAOZONE_BASE_URL would be: origin plus the tenant path segment. */
  baseUrl: string
  close(): Promise<void>
}

export async function startSandbox(options: SandboxOptions = {}, port = 0): Promise<RunningSandbox> {
  const state = new SandboxState(options)
  const app = buildSandbox(state)
  await app.listen({ host: '127.0.0.1', port })
  const address = app.server.address()
  const actualPort = address && typeof address === 'object' ? address.port : port
  return { state, baseUrl: `http://127.0.0.1:${actualPort}/${state.credentials.tenantId}`, close: () => app.close() }
}

/** The client settings that reach this sandbox (what `npm run sandbox` prints as environment variables). */
export function clientConfigFor(sandbox: RunningSandbox, overrides: Partial<PiaozoneConfig> = {}): PiaozoneConfig {
  const c = sandbox.state.credentials
  return {
    baseUrl: sandbox.baseUrl,
    appId: c.appId,
    appSecret: c.appSecret,
    accountId: c.accountId,
    tenantId: c.tenantId,
    user: c.user,
    userType: 'UserName',
    businessSystemCode: c.businessSystemCode,
    dataCodec: sandbox.state.dataCodec,
    aesKey: sandbox.state.aesKey,
    connectTimeoutMs: 2000,
    responseTimeoutMs: 5000,
    tokenRefreshMarginMs: 60_000,
    tokenErrorCodes: [],
    taxLoginErrorCodes: [],
    taxLoginPattern: new RegExp(DEFAULT_TAX_LOGIN_PATTERN),
    ...overrides,
  }
}
