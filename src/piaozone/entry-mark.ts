// 入账状态 and the transitions the tax bureau allows (docs/PIAOZONE.md §7). Used by the sandbox to
// imitate the bureau and by the gateway to refuse what it knows the bureau would.
import type { EntryMarkStatus } from './types.ts'

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

export const isEntryMarkStatus = (s: string | null | undefined): s is EntryMarkStatus => s === '01' || s === '02' || s === '03' || s === '06'
export const isRecorded = (s: string | null | undefined) => s === '02' || s === '03'
