// The models an integrator handles, as named components of the OpenAPI document. Each is defined once with
// `component('Task', schema)`: the schema gets `$id: 'Task'`, is registered once (registerComponents: Fastify's
// shared schemas, which the response serializer and @fastify/swagger read, and the request validators' Ajv in
// src/plugins/validation.ts reads them from there), and every use is `{ $ref: 'Task' }` typed as the schema, so
// route handlers keep their inferred types. Generated clients (openapi-generator, NSwag, Kiota) get one class per
// component instead of one per operation and status.
import type { FastifyInstance } from 'fastify'
import { type Static, type TSchema, type TUnsafe, Type } from 'typebox'

const COMPONENTS = new Map<string, Record<string, unknown>>()

/** A reference to a named component, typed as its schema. */
export type Ref<T extends TSchema> = TUnsafe<Static<T>>

/** Names `schema` as the component `name` and returns a reference to it (throws when the name is taken). */
export function component<T extends TSchema>(name: string, schema: T): Ref<T> {
  if (COMPONENTS.has(name)) throw new Error(`component ${name} is defined twice`)
  COMPONENTS.set(name, Object.fromEntries([...Object.entries(schema), ['$id', name]]))
  return Type.Unsafe<Static<T>>({ $ref: name })
}

/** The same reference with keywords beside its `$ref` (e.g. a response's own description and example). */
export function refWith<S>(reference: TUnsafe<S>, options: object): TUnsafe<S> {
  return Type.Unsafe<S>({ ...reference, ...options })
}

/**
 * Every component defined so far by name, each with its `$id` (the modules defining them are imported by then), in
 * the order of their names: so the OpenAPI document does not change when a module moves and is imported earlier.
 */
export function components(): Record<string, Record<string, unknown>> {
  return Object.fromEntries([...COMPONENTS].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** Registers every component once, as a shared schema of `app` (before the routes that refer to them). */
export function registerComponents(app: FastifyInstance): void {
  for (const schema of Object.values(components())) app.addSchema(schema)
}
