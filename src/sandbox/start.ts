// Starts the sandbox on a loopback port and says how to reach it.
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
