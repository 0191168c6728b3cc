// The sandbox's starting data: tax numbers with the behaviours tests and newcomers need, and an invoice pool
// of realistic 数电 and legacy received invoices, the integration guide's example invoice among them.
import { randomInt } from 'node:crypto'
import type { EtaxAccount } from '../piaozone/types.ts'
import type { PoolInvoice, TaxNoProfile } from './state.ts'

export const SANDBOX_TAX_NOS = {
  /** The integration guide's buyer; holds the guide's example invoice. */
  guide: '914403007451947782',
  /** The taxLogin sample's tax number. */
  second: '91440300591872133B',
  /** A company whose 收票 channel cannot do 入账: every invoiceRecorded answers 2002, and its default e-tax account can only 开票. */
  channelUnsupported: '91110108MA01C2XK4W',
  /** A company whose tax-bureau login needs an interactive step (needAuth, loginWebUrl). */
  interactiveLogin: '91310115MA1H7W9Q3K',
} as const

/** A tax number's e-tax accounts (设置类 3.4): one, the default, with 开票+收票 rights; or as `rights` says. */
export const etaxAccounts = (taxNo: string, rights = '3'): EtaxAccount[] => [
  { etaxAccount: `138${taxNo.slice(-8).replace(/\D/g, '0')}`, etaxAccountType: rights, defaultFlag: '1', defaultType: rights },
]

export function seedTaxNumbers(): Map<string, TaxNoProfile> {
  const t = SANDBOX_TAX_NOS
  return new Map<string, TaxNoProfile>([
    [t.guide, { companyName: '深圳市示例科技有限公司', etaxAccounts: etaxAccounts(t.guide) }],
    [t.second, { companyName: '深圳市样例贸易有限公司', etaxAccounts: etaxAccounts(t.second) }],
    [t.channelUnsupported, { companyName: '北京市未开通入账有限公司', channelUnsupported: true, etaxAccounts: etaxAccounts(t.channelUnsupported, '1') }],
    [t.interactiveLogin, { companyName: '上海市需扫码登录有限公司', needAuth: true, sessionExpired: true, etaxAccounts: etaxAccounts(t.interactiveLogin) }],
  ])
}

export function seedInvoices(): PoolInvoice[] {
  const pool: PoolInvoice[] = [
    // The guide's example: a 数电专票 with a 20-digit number and no code.
    { taxNo: SANDBOX_TAX_NOS.guide, invoiceNo: '23442000000164214335', invoiceCode: '', invoiceType: '27', invoiceDate: '20251120', entryMarkStatus: '01' },
  ]
  // 数电 invoices, 普票 and 专票, all 未入账.
  for (let i = 0; i < 20; i++) {
    pool.push({
      taxNo: SANDBOX_TAX_NOS.guide,
      invoiceNo: `254420000001${String(10000000 + i * 7919).slice(0, 8)}`,
      invoiceCode: '',
      invoiceType: i % 2 ? '26' : '27',
      invoiceDate: `202511${String(1 + i).padStart(2, '0')}`,
      entryMarkStatus: '01',
    })
  }
  // Legacy paper/electronic invoices: 8-digit number with a 10- or 12-digit code.
  pool.push(
    { taxNo: SANDBOX_TAX_NOS.guide, invoiceNo: '04512345', invoiceCode: '4403191130', invoiceType: '4', invoiceDate: '20241015', entryMarkStatus: '01' },
    { taxNo: SANDBOX_TAX_NOS.guide, invoiceNo: '11223344', invoiceCode: '044031900111', invoiceType: '1', invoiceDate: '20241102', entryMarkStatus: '01' },
    // Already recorded, and recorded then revoked: for the 02↔03, 02→06 and 06→02 transitions.
    { taxNo: SANDBOX_TAX_NOS.guide, invoiceNo: '25442000000199990001', invoiceCode: '', invoiceType: '27', invoiceDate: '20251001', entryMarkStatus: '02' },
    { taxNo: SANDBOX_TAX_NOS.guide, invoiceNo: '25442000000199990002', invoiceCode: '', invoiceType: '27', invoiceDate: '20251002', entryMarkStatus: '06' },
    { taxNo: SANDBOX_TAX_NOS.second, invoiceNo: '25442000000288880001', invoiceCode: '', invoiceType: '26', invoiceDate: '20251105', entryMarkStatus: '01' },
    { taxNo: SANDBOX_TAX_NOS.channelUnsupported, invoiceNo: '25112000000377770001', invoiceCode: '', invoiceType: '27', invoiceDate: '20251105', entryMarkStatus: '01' },
  )
  return pool
}

/**
 * A made-up 20-digit 数电 invoice number for trying the gateway: the sandbox the gateway embeds takes any
 * invoice it does not know as received and 未入账, so a fresh number works on any database, any number of times.
 */
export function demoInvoiceNo(): string {
  return `25${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(9, '0')}`
}
