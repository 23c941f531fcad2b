import { PRIVATE_RANGES } from "../../lib/cidr";

/**
 * Addresses as the analysis compares them with routes and rules: an exact IPv4 address, a
 * range a hop may use any address of (a load balancer node in its subnets), or one of the
 * kinds of address outside every VPC that an offline analysis cannot pin down.
 */

/** An IPv4 range as numbers; a single address is a /32. */
export interface Range {
    readonly network: number;
    readonly prefix: number;
}

/** Three-valued answer of a match: true, false or null (cannot be known offline). */
export type Tri = true | false | null;

/** Who is on the other side of a rule: the peer address a security group or NACL rule is compared with. */
export type Peer =
    /** Exact addresses or ranges (any address of the ranges may be the one used). */
    | { readonly kind: "ranges"; readonly ranges: readonly Range[]; readonly label: string }
    /** An address outside every VPC and every operator CIDR: only rules for 0.0.0.0/0 cover it. */
    | { readonly kind: "internet"; readonly label: string }
    /** A public address of an AWS service (reached over its public endpoint or a gateway endpoint's prefix list). */
    | {
          readonly kind: "aws-public";
          readonly label: string;
          /** The service's gateway-endpoint prefix list in the asking VPC (S3, DynamoDB). */
          readonly prefixListId?: string;
          /** The stack's gateway-endpoint prefix lists by ID, with their service: an AWS-managed list holds its own service's ranges only. */
          readonly serviceOfPrefixList?: ReadonlyMap<string, string>;
          readonly service?: string;
      };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `10.0.0.5` as an unsigned number; undefined when it is not a dotted IPv4 address. */
export function parseAddress(text: string): number | undefined {
    const match = IPV4.exec(text.trim());
    if (!match) {
        return undefined;
    }
    const octets = match.slice(1).map(Number);
    if (octets.some((o) => o > 255)) {
        return undefined;
    }
    return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}

export function isAddress(text: string): boolean {
    return parseAddress(text) !== undefined;
}

function mask(prefix: number): number {
    return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** A CIDR (host bits allowed, as security group rules accept them) or a bare address as a /32. */
export function parseRange(text: unknown): Range | undefined {
    if (typeof text !== "string") {
        return undefined;
    }
    const [address, prefixText] = text.trim().split("/");
    const value = parseAddress(address);
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    if (value === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
        return undefined;
    }
    return { network: (value & mask(prefix)) >>> 0, prefix };
}

export function rangeContains(outer: Range, inner: Range): boolean {
    return outer.prefix <= inner.prefix && ((inner.network & mask(outer.prefix)) >>> 0) === outer.network;
}

export function rangesOverlap(a: Range, b: Range): boolean {
    return rangeContains(a, b) || rangeContains(b, a);
}

export function addressRange(address: string): Range | undefined {
    const value = parseAddress(address);
    return value === undefined ? undefined : { network: value, prefix: 32 };
}

const PRIVATE = PRIVATE_RANGES.map((cidr) => parseRange(cidr) as Range);

export function isPrivateRange(range: Range): boolean {
    return PRIVATE.some((outer) => rangeContains(outer, range));
}

/**
 * Whether a rule's CIDR covers the peer: true when it covers every address the peer may
 * use, false when it covers none, null when only part (or it cannot be told offline).
 */
export function cidrCoversPeer(cidr: unknown, peer: Peer): Tri {
    const range = parseRange(cidr);
    if (!range) {
        return typeof cidr === "string" && cidr.includes(":") ? false : null; // IPv6 rules never match an IPv4 flow
    }
    if (peer.kind === "ranges") {
        if (peer.ranges.every((r) => rangeContains(range, r))) {
            return true;
        }
        return peer.ranges.some((r) => rangesOverlap(range, r)) ? null : false;
    }
    if (range.prefix === 0) {
        return true;
    }
    if (isPrivateRange(range)) {
        return false;
    }
    // The internet address is by definition outside every narrower range; an AWS service's
    // public addresses may or may not fall in one.
    return peer.kind === "internet" ? false : null;
}

/** The peer for one exact address. */
export function addressPeer(address: string, label = address): Peer {
    const range = addressRange(address);
    return range ? { kind: "ranges", ranges: [range], label } : { kind: "internet", label };
}

export function formatRange(range: Range): string {
    const n = range.network;
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${range.prefix}`;
}

/** Combines three-valued answers: the first definite true wins (any), else null if any is null. */
export function anyTri(values: readonly Tri[]): Tri {
    if (values.includes(true)) {
        return true;
    }
    return values.includes(null) ? null : false;
}
