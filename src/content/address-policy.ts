import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * True only for an address on the public internet: IPv4 outside loopback, private (RFC 1918),
 * link-local, carrier-grade NAT, multicast, broadcast, unspecified and reserved/test ranges; IPv6
 * inside global unicast (2000::/3) and outside every special range (which refuses loopback,
 * unique-local, link-local, multicast, IPv4-mapped, NAT64, 6to4, Teredo and documentation
 * addresses). Anything that does not parse, or carries a zone id, is refused.
 */
export function isPublicAddress(address: string): boolean {
  if (address.includes('%') || !isIP(address)) return false;
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv4') return ip.range() === 'unicast';
  const v6 = ip as ipaddr.IPv6;
  return v6.range() === 'unicast' && v6.match(GLOBAL_UNICAST_V6);
}
