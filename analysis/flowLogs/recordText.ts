/**
 * How one flow log value reads in a table: an address with its port (`[2001:db8::1]:22` for
 * IPv6, as RFC 3986 and every tool write it, so the port is not read as a ninth group), and
 * the `tcp-flags` bitmask decoded into the flag names AWS documents.
 */

/** An address with its port; ports are left out for ICMP/ICMPv6 and where the record has none. */
export function addressWithPort(address: string, port: string | undefined, protocol: string | undefined): string {
    const hasPort = port !== undefined && port !== "-" && protocol !== "1" && protocol !== "58";
    if (!hasPort) {
        return address;
    }
    return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

/**
 * The flags of a `tcp-flags` value. AWS records FIN (1), SYN (2), RST (4) and SYN-ACK (18), ORed
 * over the aggregation interval: 19 is SYN-ACK and FIN, 3 is SYN and FIN, 0 is none of them.
 * ACK alone is not recorded; PSH (8), URG (32) and the others are named by RFC 9293 if they
 * ever appear.
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html#flow-logs-fields (tcp-flags)
 */
export function tcpFlagNames(value: number): string[] {
    const names: string[] = [];
    const synAck = (value & 18) === 18;
    if (synAck) {
        names.push("SYN-ACK");
    } else if (value & 2) {
        names.push("SYN");
    }
    if (value & 1) {
        names.push("FIN");
    }
    if (value & 4) {
        names.push("RST");
    }
    if (value & 8) {
        names.push("PSH");
    }
    if (value & 16 && !synAck) {
        names.push("ACK");
    }
    if (value & 32) {
        names.push("URG");
    }
    if (value & 64) {
        names.push("ECE");
    }
    if (value & 128) {
        names.push("CWR");
    }
    return names;
}

/** `19 (SYN-ACK FIN)`; `0 (none)`; `-` stays `-`. */
export function tcpFlagsText(value: string | undefined): string {
    if (value === undefined || !/^\d+$/.test(value)) {
        return value ?? "";
    }
    const names = tcpFlagNames(Number(value));
    return `${value} (${names.length > 0 ? names.join(" ") : "none"})`;
}
