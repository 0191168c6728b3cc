// What a client may do for a tax number: it must be well-formed, granted to the client (tax numbers are denied by
// default), and served by one of the gateway's piaozone accounts. Every route that names a tax number asks here.
import { AppError, validationFailed } from '../errors.ts'
import { t } from '../i18n/index.ts'
import type { PiaozoneAccounts } from '../piaozone/accounts.ts'
import { taxNoProblem } from './tax-no.ts'

/** Who is asking: the client behind the API key, and what it was granted. */
export interface Caller {
  clientId: string
  apiKeyId?: string
  requestId?: string
  /** Tax numbers the client may act for … */
  taxNos?: string[]
  /** … or every one. Neither: none (tax numbers are denied by default). */
  anyTaxNo?: boolean
  businessSystemCode?: string | null
}

/** A tax number the client was not granted (its list, or any) is a 403. */
export function checkTaxNo(caller: Caller, taxNo: string): void {
  if (caller.anyTaxNo || caller.taxNos?.includes(taxNo)) return
  const rule = caller.taxNos?.length
    ? t("must be one of this client's tax numbers: {taxNos}", { taxNos: caller.taxNos.join(', ') })
    : t('this client may act for no tax number yet: an operator grants them (clients add --tax-no)')
  throw new AppError(403, 'FORBIDDEN', t('this client may not act for tax number {taxNo}', { taxNo }), { details: [{ field: 'taxNo', rule }] })
}

/** A tax number no piaozone account serves is a 400: nothing could ever be sent for it. */
export function checkServed(vendor: PiaozoneAccounts, taxNo: string): void {
  if (vendor.accountFor(taxNo)) return
  throw validationFailed([{ field: 'taxNo', rule: t("no piaozone account of this gateway serves tax number {taxNo}; an operator adds it to an account's taxNos in PIAOZONE_ACCOUNTS_FILE", { taxNo }) }])
}

/** Before a call to the vendor for one tax number: well-formed (400), the caller's (403), served by an account (400). */
export function checkTaxNoToCall(vendor: PiaozoneAccounts, caller: Caller, taxNo: string): void {
  const problem = taxNoProblem(taxNo)
  if (problem) throw validationFailed([{ field: 'taxNo', rule: problem }])
  checkTaxNo(caller, taxNo)
  checkServed(vendor, taxNo)
}
