// Narrowing for values whose type the compiler cannot know (JSON from a file or the network, what a catch caught),
// so code reads them through a check instead of asserting a type.

/** A plain object (not null, not an array): JSON's `{ … }`. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** The object, or an empty one when it is anything else (JSON read field by field). */
export const recordOrEmpty = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {})

/** A string, or undefined for anything else (a field of JSON read defensively). */
export const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

/** A Node system error (fs, net, process.kill …): an Error with a `code` such as ENOENT or EPERM. */
export const isErrnoException = (err: unknown): err is NodeJS.ErrnoException =>
  err instanceof Error && 'code' in err && typeof err.code === 'string'

/** What was thrown, in words: an Error's message, anything else as text. */
export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err))
