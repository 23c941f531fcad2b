import { Hop, ReachAnswer } from "./answer";

function interfaceText(hop: Hop): string {
    const eni = hop.interface;
    if (!eni) {
        return "";
    }
    return ` [${eni.direction === "ingress" ? "in" : "out"}${eni.address ? ` ${eni.address}` : ""}]`;
}

/**
 * The answer as a student reads it, like a traceroute: the question, the DNS answer, one
 * numbered line per hop with what let the packet through, then the verdict with the rule
 * that blocks it quoted.
 */
export function renderAnswer(answer: ReachAnswer): string[] {
    const flow = answer.protocol === "icmp" ? "icmp" : `${answer.protocol} ${answer.port}`;
    const lines = [`reach ${answer.from.name} -> ${answer.to.name} (${flow})`];
    if (answer.dns) {
        const targets = answer.dns.addresses.length > 0
            ? answer.dns.addresses.join(", ")
            : (answer.dns.interfaces ?? []).map((i) => `${i.id ?? "an ENI"} in ${i.subnetCidr ?? "?"}`).join(", ") || "public addresses";
        lines.push(`  dns ${answer.dns.name} -> ${targets} (${answer.dns.private ? "private" : "public"}${answer.dns.note ? `: ${answer.dns.note}` : ""})`);
    }
    const width = String(answer.hops.length).length;
    answer.hops.forEach((hop, i) => {
        lines.push(`  ${String(i + 1).padStart(width)}  ${hop.type} ${hop.name}${interfaceText(hop)}${hop.via ? `  ${hop.via}` : ""}`);
    });
    if (answer.reachable === true) {
        lines.push("  => reachable");
    } else if (answer.reachable === false && answer.blockedBy) {
        const b = answer.blockedBy;
        lines.push(`  => blocked at ${b.type} ${b.name}${b.interface ? interfaceText({ type: b.type, name: b.name, interface: b.interface }) : ""}: ${b.explanationCode}`);
        if (b.rule) {
            lines.push(`     "${b.rule}"`);
        }
    } else {
        lines.push(`  => unknown: ${answer.unknownReason ?? "cannot be known offline"}`);
    }
    return lines;
}
