/**
 * IPv4 CIDR arithmetic for validating lab layouts. Pure functions: the config validator,
 * the components and the policy pack all call these, so the rules agree everywhere.
 */

/** A parsed IPv4 CIDR block: the network address as an unsigned 32-bit number and the prefix. */
export interface Ipv4Block {
    readonly network: number;
    readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses `a.b.c.d/n`. Returns undefined for anything malformed, including host bits set
 * (`10.0.0.1/16`), which AWS rejects for VPC and subnet CIDRs.
 */
export function parseCidr(text: string): Ipv4Block | undefined {
    const match = CIDR_PATTERN.exec(text.trim());
    if (!match) {
        return undefined;
    }
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some((o) => o > 255) || prefix > 32) {
        return undefined;
    }
    const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    if ((address & ~maskOf(prefix)) >>> 0 !== 0) {
        return undefined;
    }
    return { network: address, prefix };
}

/** Formats a block back to `a.b.c.d/n`. */
export function formatCidr(block: Ipv4Block): string {
    const n = block.network;
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${block.prefix}`;
}

function maskOf(prefix: number): number {
    return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The last address of a block, as an unsigned 32-bit number. */
function lastAddress(block: Ipv4Block): number {
    return (block.network | ~maskOf(block.prefix)) >>> 0;
}

/** True when `inner` lies entirely inside `outer` (equal blocks count as inside). */
export function cidrContains(outer: Ipv4Block, inner: Ipv4Block): boolean {
    return inner.prefix >= outer.prefix && (inner.network & maskOf(outer.prefix)) >>> 0 === outer.network;
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
    return a.network <= lastAddress(b) && b.network <= lastAddress(a);
}

/**
 * The ranges AWS documents for VPCs that should not be reachable from the internet:
 * RFC 1918 and the RFC 6598 shared address space.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
 */
export const PRIVATE_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];

const PRIVATE_BLOCKS = PRIVATE_RANGES.map((r) => parseCidr(r) as Ipv4Block);

/** True when the block lies inside one of {@link PRIVATE_RANGES}. */
export function isPrivateBlock(block: Ipv4Block): boolean {
    return PRIVATE_BLOCKS.some((range) => cidrContains(range, block));
}

/** True for a CIDR text that parses and is private; false for public or malformed text. */
export function isPrivateCidr(text: string): boolean {
    const block = parseCidr(text);
    return block !== undefined && isPrivateBlock(block);
}

/** True for `0.0.0.0/0` and `::/0` (and their spellings with leading zeros), the whole internet. */
export function isAnywhere(cidr: string): boolean {
    const text = cidr.trim();
    if (/^::\/0+$/.test(text) || /^(0+:){1,7}:?\/0+$/.test(text) || /^(0+:){7}0+\/0+$/.test(text)) {
        return true;
    }
    const block = parseCidr(text);
    return block !== undefined && block.prefix === 0;
}

/** AWS limits VPC and subnet blocks to prefixes /16 through /28. */
export const MIN_AWS_PREFIX = 16;
export const MAX_AWS_PREFIX = 28;
