// `npm run kit:generate`: from openapi/openapi.json, the Postman collection (the vendor hands integrators
// Postman files; ours does too) and TypeScript types for a typed client (openapi-typescript, used with
// openapi-fetch in examples/). test/integrator-kit.test.ts fails when they drift from the document.
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import Converter from 'openapi-to-postmanv2'
import openapiTS, { astToString } from 'openapi-typescript'

export const KIT_FILES = {
  postman: new URL('../openapi/postman_collection.json', import.meta.url),
  types: new URL('../openapi/schema.d.ts', import.meta.url),
}
const OPENAPI_FILE = new URL('../openapi/openapi.json', import.meta.url)

/** The converter gives every item a random id; derive each from its place instead, so the file is stable. */
function stableIds(value: unknown, path = 'collection'): unknown {
  if (Array.isArray(value)) return value.map((v, i) => stableIds(v, `${path}[${i}]`))
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) =>
        k === 'id' || k === '_postman_id' ? [k, createHash('sha1').update(`${path}.${k}`).digest('hex').slice(0, 24)] : [k, stableIds(v, `${path}.${k}`)],
      ),
    )
  }
  return value
}

/**
 * The converter gives each request that needs the API key its own bearer auth with `{{bearerToken}}`, a variable the
 * collection never defines (every request then answered 401). Those requests inherit the collection's auth instead,
 * which uses `{{apiKey}}`; /live and /ready (`security: []`) send none.
 */
function inheritAuth(items: any[]): void {
  for (const item of items) {
    if (item.item) inheritAuth(item.item)
    else if (item.request?.auth?.type === 'bearer') delete item.request.auth
    else if (item.request && !item.request.auth) item.request.auth = { type: 'noauth' }
  }
}

export async function renderPostman(document: object): Promise<string> {
  const converted = await new Promise<any>((resolve, reject) =>
    (Converter as any).convert(
      { type: 'json', data: document },
      { folderStrategy: 'Tags', requestParametersResolution: 'Example', exampleParametersResolution: 'Example' },
      (err: Error | null, out: any) => (err ? reject(err) : out.result ? resolve(out.output[0].data) : reject(new Error(out.reason))),
    ),
  )
  // Ready to use: set apiKey (and baseUrl if not local) in the collection's variables.
  converted.variable = [
    { key: 'baseUrl', value: 'http://127.0.0.1:3000', type: 'string' },
    { key: 'apiKey', value: 'rzk_paste_your_key_here', type: 'string' },
  ]
  converted.auth = { type: 'bearer', bearer: [{ key: 'token', value: '{{apiKey}}', type: 'string' }] }
  inheritAuth(converted.item)
  return `${JSON.stringify(stableIds(converted), null, 2)}\n`
}

export async function renderTypes(document: object): Promise<string> {
  const header = '// Generated from openapi/openapi.json by `npm run kit:generate`; do not edit.\n'
  return header + astToString(await openapiTS(document as any))
}

export function readOpenapi(): object {
  return JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const document = readOpenapi()
  writeFileSync(KIT_FILES.postman, await renderPostman(document))
  writeFileSync(KIT_FILES.types, await renderTypes(document))
  console.log('wrote openapi/postman_collection.json and openapi/schema.d.ts')
}
