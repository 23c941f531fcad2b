import { CostKind, FreeKind, UsageKind } from "./billables";
import { CostEstimate } from "./estimate";

const KIND_NAMES: Readonly<Record<CostKind, readonly [string, string]>> = {
    "interface-endpoint": ["interface endpoint AZ", "interface endpoint AZs"],
    instance: ["instance", "instances"],
    "nat-gateway": ["NAT gateway", "NAT gateways"],
    "network-load-balancer": ["load balancer", "load balancers"],
    "public-ipv4": ["public IPv4 address", "public IPv4 addresses"],
    "ebs-volume": ["GiB of EBS", "GiB of EBS"],
    "kms-key": ["KMS key", "KMS keys"],
    unmodelled: ["resource of a kind the table does not price", "resources of kinds the table does not price"],
};

/** "1 NAT gateway", "14 interface endpoint AZs". */
export function kindCount(kind: CostKind, quantity: number): string {
    return `${quantity} ${KIND_NAMES[kind][quantity === 1 ? 0 : 1]}`;
}

const USAGE_LABELS: Readonly<Record<UsageKind, string>> = {
    "nat-data": "GB processed by NAT gateways",
    "endpoint-data": "GB processed by interface endpoints",
    "load-balancer-capacity": "load balancer capacity units",
    "flow-log-delivery": "flow-log delivery",
    "log-storage": "log storage",
    "s3-storage": "S3 storage",
    "kms-requests": "KMS requests",
};

const FREE_LABELS: Readonly<Record<FreeKind, readonly [string, string]>> = {
    "gateway-endpoint": ["gateway endpoint", "gateway endpoints"],
    "instance-connect-endpoint": ["EC2 Instance Connect Endpoint", "EC2 Instance Connect Endpoints"],
    "endpoint-service": ["endpoint service", "endpoint services"],
};

/** Dollars: cents from $1 up, else up to four decimals (list prices such as $0.0225 keep their last digit). */
export function usd(value: number): string {
    return value >= 1 ? `$${value.toFixed(2)}` : `$${value.toFixed(4).replace(/(\.\d{3})0$/, "$1")}`;
}

/** The short block `plan` prints. */
export function renderCost(estimate: CostEstimate): string[] {
    const regions = estimate.regions.length > 0 ? estimate.regions.join(", ") : "no priced Region";
    const lines = [
        `Cost estimate (on-demand, ${regions}, list prices of ${estimate.pricesChecked} in analysis/cost/priceTable.ts):`,
        `  ${usd(estimate.hourlyUsd)} per hour, ${usd(estimate.thirtyDayUsd)} per 30 days${estimate.complete ? "" : " (a lower bound: some charges have no price, below)"}`,
    ];
    if (estimate.byLab.length > 0) {
        lines.push(`  per lab: ${estimate.byLab.map((lab) => `${lab.lab} ${usd(lab.hourlyUsd)}/h`).join(" · ")}`);
        lines.push(`  items:   ${estimate.byKind.map((kind) => `${kindCount(kind.kind, kind.quantity)} ${usd(kind.hourlyUsd)}/h`).join(" · ")}`);
    }
    const usage = counted(estimate.usageBilled.map((u) => USAGE_LABELS[u.kind]));
    if (usage.length > 0) {
        lines.push(`  billed by use, not in the figure: ${usage.join(", ")}`);
    }
    const freeCounts = new Map<FreeKind, number>();
    estimate.free.forEach((f) => freeCounts.set(f.kind, (freeCounts.get(f.kind) ?? 0) + 1));
    if (freeCounts.size > 0) {
        lines.push(`  free: ${[...freeCounts].map(([kind, count]) => `${count} ${FREE_LABELS[kind][count === 1 ? 0 : 1]}`).join(", ")}`);
    }
    // Grouped by reason: a Region without a table leaves every charge of the stack unpriced.
    const reasons = new Map<string, Set<string>>();
    estimate.unpriced.forEach((item) => reasons.set(item.reason, (reasons.get(item.reason) ?? new Set()).add(item.name)));
    for (const [reason, names] of reasons) {
        const listed = [...names];
        lines.push(`  not priced (${reason}): ${listed.slice(0, 3).join(", ")}${listed.length > 3 ? ` and ${listed.length - 3} more` : ""}`);
    }
    // One line for the opaque awsx VPCs, however many there are.
    const opaque = estimate.notes.map((note) => AWSX_NOTE.exec(note)).filter((match): match is RegExpExecArray => match !== null);
    if (opaque.length > 0) {
        lines.push(`  note: awsx VPCs are opaque in these records; NAT gateways read from their natGateways output: ${opaque.map((m) => `${m[1]} ${m[2]}`).join(", ")}`);
    }
    for (const note of estimate.notes.filter((n) => !AWSX_NOTE.test(n))) {
        lines.push(`  note: ${note}`);
    }
    return lines;
}

export const AWSX_NOTE = /^awsx VPC (\S+) is opaque in these records: (\d+) NAT gateway\(s\) read from its natGateways$/;

/** Each distinct label once, in first-seen order. */
function counted(labels: readonly string[]): string[] {
    return [...new Set(labels)];
}
