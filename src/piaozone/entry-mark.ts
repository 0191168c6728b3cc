// 入账状态 and the transitions the tax bureau allows (docs/PIAOZONE.md §7). Used by the sandbox to
// imitate the bureau and by the gateway to refuse what it knows the bureau would.
import type { EntryMarkStatus, EntryMarkTarget } from './types.ts'

export const ENTRY_MARK_LABELS: Record<EntryMarkStatus, string> = {
  '01': '未入账',
  '02': '已入账（企业所得税税前扣除）',
  '03': '已入账（企业所得税不扣除）',
  '06': '入账撤销',
}

export const TRANSITIONS: Record<EntryMarkStatus, readonly EntryMarkStatus[]> = {
  '01': ['02', '03'],
  '02': ['03', '06'],
  '03': ['02', '06'],
  '06': ['02', '03'],
}

/** Every 入账状态 the bureau reports. */
export const ENTRY_MARK_STATUSES = ['01', '02', '03', '06'] as const satisfies readonly EntryMarkStatus[]
/** The 入账状态 an ERP may ask for (nextEntryMarkStatus): the API's EntryMarkTarget. */
export const ENTRY_MARK_TARGETS = ['02', '03', '06'] as const satisfies readonly EntryMarkTarget[]
/** The ones automatic 入账 may ask for: 06 (入账撤销) is never automatic. */
export const AUTO_ENTRY_TARGETS = ['02', '03'] as const satisfies readonly EntryMarkTarget[]

export const isEntryMarkStatus = (s: string | null | undefined): s is EntryMarkStatus => s === '01' || isEntryMarkTarget(s)
export const isEntryMarkTarget = (s: string | null | undefined): s is EntryMarkTarget => s === '02' || s === '03' || s === '06'
export const isRecorded = (s: string | null | undefined) => s === '02' || s === '03'
