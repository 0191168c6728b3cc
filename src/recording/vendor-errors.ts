// How a piaozone failure reaches an ERP: a vendor "no" is 502 with the vendor's code and message verbatim;
// the vendor being unreachable is 503. Neither leaks tokens or internals.
import { AppError } from '../errors.ts'
import { vendorFailure } from '../piaozone/errors.ts'
import { t } from '../i18n/index.ts'

export function toAppError(err: unknown): unknown {
  const failure = vendorFailure(err)
  if (!failure) return err
  if (failure.kind === 'unavailable') return new AppError(503, 'UPSTREAM_UNAVAILABLE', t('piaozone could not be reached or answered garbled; try again later'))
  const vendor = { errorCode: failure.vendorCode, message: failure.vendorMessage }
  if (failure.kind === 'refused') {
    return new AppError(502, 'UPSTREAM_REJECTED', t('piaozone refused {interfaceCode}', { interfaceCode: failure.error.interfaceCode }), { vendor })
  }
  return new AppError(503, 'UPSTREAM_UNAVAILABLE', t('the gateway could not authenticate with piaozone; the operator must check its credentials'), { vendor })
}
