import { RecordedResource } from "../../../lib/records";
import { props } from "../resourceGraph";
import { str } from "./resourceTypes";
import { DiagramWords } from "./words";

/** One entry of a network ACL, from an `aws.ec2.NetworkAclRule` or an inline `ingress`/`egress` entry. */
interface NaclEntry {
    readonly egress: boolean;
    readonly number: number;
    readonly allow: boolean;
    readonly protocol: string;
    readonly fromPort?: number;
    readonly toPort?: number;
    readonly cidr: string;
}

const PROTOCOL_NAMES: Readonly<Record<string, string>> = { "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6" };

function traffic(entry: NaclEntry, words: DiagramWords): string {
    if (entry.protocol === "-1" || entry.protocol === "all") {
        return words.allTraffic;
    }
    const name = PROTOCOL_NAMES[entry.protocol] ?? entry.protocol;
    if ((name === "tcp" || name === "udp") && entry.fromPort !== undefined) {
        return `${name} ${entry.fromPort === entry.toPort || entry.toPort === undefined ? entry.fromPort : `${entry.fromPort}-${entry.toPort}`}`;
    }
    return name;
}

const num = (value: unknown): number | undefined => (typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : undefined);

function inlineEntries(nacl: RecordedResource): NaclEntry[] {
    const p = props(nacl);
    return (["ingress", "egress"] as const).flatMap((direction) =>
        (Array.isArray(p[direction]) ? (p[direction] as Record<string, unknown>[]) : []).map((rule) => ({
            egress: direction === "egress",
            number: num(rule.ruleNo) ?? 0,
            allow: str(rule.action) === "allow",
            protocol: String(rule.protocol ?? "-1"),
            fromPort: num(rule.fromPort),
            toPort: num(rule.toPort),
            cidr: str(rule.cidrBlock) ?? str(rule.ipv6CidrBlock) ?? "?",
        })),
    );
}

function ruleEntry(rule: RecordedResource): NaclEntry {
    const p = props(rule);
    return {
        egress: p.egress === true,
        number: num(p.ruleNumber) ?? 0,
        allow: str(p.ruleAction) === "allow",
        protocol: String(p.protocol ?? "-1"),
        fromPort: num(p.fromPort),
        toPort: num(p.toPort),
        cidr: str(p.cidrBlock) ?? str(p.ipv6CidrBlock) ?? "?",
    };
}

/**
 * A network ACL's rules as the diagram lists them under its name: inbound then outbound, each
 * in rule-number order (the order AWS evaluates them), then the implicit `*` deny.
 */
export function naclRuleLines(nacl: RecordedResource, rules: readonly RecordedResource[], words: DiagramWords): string[] {
    const entries = [...inlineEntries(nacl), ...rules.map(ruleEntry)].sort((a, b) => Number(a.egress) - Number(b.egress) || a.number - b.number);
    return [...entries.map((e) => words.naclRule({ egress: e.egress, number: String(e.number), allow: e.allow, traffic: traffic(e, words), cidr: e.cidr })), words.naclDefault];
}
