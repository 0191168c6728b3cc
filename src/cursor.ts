// The cursor of the lists shown newest first (tasks, webhook deliveries): the last row's createdAt and id, as base64url.
import { validationFailed } from './errors.ts'
import { t } from './i18n/index.ts'

export const newestFirstCursor = (last: { createdAt: Date; id: string }): string => Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url')

/** The row a cursor points after; a 400 naming `cursor` when it is not one this API made (`id` must match idPattern). */
export function readNewestFirstCursor(cursor: string, idPattern: RegExp): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const createdAt = new Date(at)
  if (!id || !idPattern.test(id) || Number.isNaN(createdAt.getTime())) throw validationFailed([{ field: 'cursor', rule: t('must be a nextCursor returned by this endpoint') }])
  return { createdAt, id }
}
