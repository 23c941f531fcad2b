import { Tri } from "./addresses";
import { Flow } from "./types";

/** A protocol as rules write it (`-1`, `tcp`, `6`, `icmp`, `1` ...), normalised; undefined when not readable. */
export function protocolName(protocol: unknown): "all" | "tcp" | "udp" | "icmp" | "other" | undefined {
    if (typeof protocol !== "string" && typeof protocol !== "number") {
        return undefined;
    }
    const name = String(protocol).toLowerCase();
    if (name === "-1" || name === "all") {
        return "all";
    }
    return ({ tcp: "tcp", "6": "tcp", udp: "udp", "17": "udp", icmp: "icmp", "1": "icmp" } as const)[name] ?? "other";
}

/** Whether a port range [lo, hi] of the packet falls in the rule's [from, to]: partly is null. */
export function rangeInRule(lo: number, hi: number, from: unknown, to: unknown): Tri {
    if (typeof from !== "number" || typeof to !== "number") {
        return from === undefined && to === undefined ? true : null;
    }
    if (from === -1 || (from === 0 && to === 0) || (from <= lo && hi <= to)) {
        // -1 and 0-0 with a port protocol mean every port.
        return from === 0 && to === 0 ? null : true;
    }
    return hi < from || lo > to ? false : null;
}

/** An ICMP packet of `type` against a rule's type (-1: any). */
export function icmpTypeMatches(ruleType: unknown, type: number): Tri {
    if (ruleType === undefined || ruleType === -1 || ruleType === "-1") {
        return true;
    }
    const value = Number(ruleType);
    return Number.isInteger(value) ? value === type : null;
}

/** What a flow's packet is, for printing: `tcp 443`, `icmp echo`. */
export function describeFlow(flow: Flow): string {
    return flow.protocol === "icmp" ? "icmp echo" : `${flow.protocol} ${flow.port ?? "?"}`;
}
