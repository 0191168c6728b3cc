// Shared by tests that talk to the sandbox: start it on loopback and build a client configured for it.
import { PiaozoneClient, type ClientOptions, type PiaozoneConfig } from '../../src/piaozone/client.ts'
import type { SandboxOptions } from '../../src/sandbox/state.ts'
import { clientConfigFor, type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'

export { clientConfigFor }

export async function sandboxWithClient(
  options: SandboxOptions = {},
  overrides: Partial<PiaozoneConfig> = {},
  clientOptions: ClientOptions = {},
): Promise<{ sandbox: RunningSandbox; client: PiaozoneClient; config: PiaozoneConfig }> {
  const sandbox = await startSandbox(options)
  const config = clientConfigFor(sandbox, overrides)
  return { sandbox, client: new PiaozoneClient(config, clientOptions), config }
}

/** The guide's example invoice as the client takes it. */
export const GUIDE_INVOICE = {
  serialNo: '3388296ca4d147f1b4ffe114412493a00',
  invoiceNo: '23442000000164214335',
  invoiceCode: '',
  recordedTime: '20251126',
  recordedPeriod: '20251126',
}
