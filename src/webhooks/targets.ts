// Where a webhook may go. An operator sets the URL, but its name resolves anew at every send, so a name that
// points (or is made to point) at the gateway's own network would let the delivery's lastStatus/lastError probe
// it. Every address the name resolves to is checked at send time, and the request connects to exactly the checked
// addresses (a pinned `lookup`), so an answer that changes between the check and the connect (DNS rebinding)
// reaches nothing new.
import type { LookupAddress } from 'node:dns'
import { lookup } from 'node:dns/promises'
import { BlockList, isIP, type LookupFunction } from 'node:net'
import { type Text, t } from '../i18n/index.ts'

/** The name's addresses, as dns.lookup gives them; tests substitute their own to rebind a name at will. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>

export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true })

// IANA's special-purpose address registries, by what an operator would call them. Node's BlockList also matches
// an IPv4-mapped IPv6 address (::ffff:10.0.0.5) against the IPv4 ranges. The first kind that matches names it.
const KINDS: [kind: string, subnets: [network: string, prefix: number][]][] = [
  ['loopback', [['127.0.0.0', 8], ['::1', 128]]],
  ['private', [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16]]],
  ['link-local', [['169.254.0.0', 16], ['fe80::', 10]]],
  ['unique-local', [['fc00::', 7]]],
  ['CGNAT', [['100.64.0.0', 10]]],
  ['multicast', [['224.0.0.0', 4], ['ff00::', 8]]],
  [
    'special-purpose', // unspecified, "this network", protocol, documentation, benchmarking, reserved, discard,
    // IPv4-compatible (::a.b.c.d), 6to4 and the deprecated site-local
    [['0.0.0.0', 8], ['192.0.0.0', 24], ['192.0.2.0', 24], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['240.0.0.0', 4],
      ['::', 96], ['100::', 64], ['2001:db8::', 32], ['2002::', 16], ['fec0::', 10]],
  ],
]
const BLOCKS = KINDS.map(([kind, subnets]) => {
  const list = new BlockList()
  for (const [network, prefix] of subnets) list.addSubnet(network, prefix, isIP(network) === 6 ? 'ipv6' : 'ipv4')
  return [kind, list] as const
})

/** What kind of non-public address `address` is (loopback, private …), or undefined for a public one. */
export function addressKind(address: string): string | undefined {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4'
  return BLOCKS.find(([, list]) => list.check(address, family))?.[0]
}

/** The URL's host without IPv6 brackets, as dns.lookup and net.isIP take it. */
export const bareHost = (url: URL) => (url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname)

/** A target the gateway will not send to; its message is the delivery's lastError. */
export class TargetRefused extends Error {}


/**
 * Every address `url` resolves to, each checked: with `allowPrivate` false, any non-public one refuses the target
 * (one bad answer among good ones is enough: the connection might take it). Plain http only to loopback, and
 * only when private targets are allowed (a test or sandbox set-up).
 */
export async function checkedAddresses(url: URL, allowPrivate: boolean, resolve: Resolver): Promise<LookupAddress[]> {
  const host = bareHost(url)
  const family = isIP(host)
  const addresses = family ? [{ address: host, family }] : await resolve(host)
  if (addresses.length === 0) throw new TargetRefused(t('{host} resolves to no address', { host }).en)
  if (url.protocol === 'http:') {
    const outside = addresses.find((a) => addressKind(a.address) !== 'loopback')
    if (!allowPrivate || outside) {
      const refusal = outside
        ? t('plain http:// goes only to a loopback address, and only with WEBHOOK_ALLOW_PRIVATE_TARGETS=true ({host} resolves to {address}); use https://', { host, address: outside.address })
        : t('plain http:// goes only to a loopback address, and only with WEBHOOK_ALLOW_PRIVATE_TARGETS=true; use https://')
      throw new TargetRefused(refusal.en)
    }
  }
  if (!allowPrivate) {
    for (const a of addresses) {
      const kind = addressKind(a.address)
      if (kind) throw new TargetRefused(t('target resolves to a {kind} address ({address}); set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it', { kind, address: a.address }).en)
    }
  }
  return addresses
}

/** A `lookup` for http.request that answers with the checked addresses only: the connection cannot go elsewhere. */
export function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    // With autoSelectFamily (Node's default) net asks for every address and tries them in turn.
    if (options.all) callback(null, addresses)
    else callback(null, addresses[0].address, addresses[0].family)
  }
}

/** Why an endpoint URL's host is refused when set, before any send: an address literal that is not public. */
export function literalHostProblem(url: URL, allowPrivate: boolean): Text | undefined {
  const host = bareHost(url)
  const kind = isIP(host) ? addressKind(host) : undefined
  if (kind && !allowPrivate) return t('{host} is a {kind} address; set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it', { host, kind })
  return undefined
}

/** localhost or a loopback address literal: where plain http may go. */
export function isLoopbackHost(url: URL): boolean {
  const host = bareHost(url)
  return host === 'localhost' || (isIP(host) !== 0 && addressKind(host) === 'loopback')
}
