import { CostKind, FreeKind, UsageKind } from "./billables";
import { CostEstimate } from "./estimate";

export const KIND_LABELS: Readonly<Record<CostKind, string>> = {
    "interface-endpoint": "interface endpoint AZs",
    instance: "instances",
    "nat-gateway": "NAT gateways",
    "network-load-balancer": "load balancers",
    "public-ipv4": "public IPv4 addresses",
    "ebs-volume": "EBS GiB",
    "kms-key": "KMS keys",
};

const USAGE_LABELS: Readonly<Record<UsageKind, string>> = {
    "nat-data": "GB processed by NAT gateways",
    "endpoint-data": "GB processed by interface endpoints",
    "load-balancer-capacity": "load balancer capacity units",
    "flow-log-delivery": "flow-log delivery",
    "log-storage": "log storage",
    "s3-storage": "S3 storage",
    "kms-requests": "KMS requests",
};

const FREE_LABELS: Readonly<Record<FreeKind, string>> = {
    "gateway-endpoint": "gateway endpoints",
    "instance-connect-endpoint": "EC2 Instance Connect Endpoints",
    "endpoint-service": "endpoint services",
};

export const usd = (value: number): string => (value >= 10 ? `$${value.toFixed(2)}` : `$${value.toFixed(3)}`);

/** The short block `plan` prints. */
export function renderCost(estimate: CostEstimate): string[] {
    const regions = estimate.regions.length > 0 ? estimate.regions.join(", ") : "no priced Region";
    const lines = [
        `Cost estimate (on-demand, ${regions}, list prices of ${estimate.pricesChecked} in analysis/cost/priceTable.ts):`,
        `  ${usd(estimate.hourlyUsd)} per hour, ${usd(estimate.thirtyDayUsd)} per 30 days${estimate.complete ? "" : " (a lower bound: some charges have no price, below)"}`,
    ];
    if (estimate.byLab.length > 0) {
        lines.push(`  per lab: ${estimate.byLab.map((lab) => `${lab.lab} ${usd(lab.hourlyUsd)}/h`).join(" · ")}`);
        lines.push(`  items:   ${estimate.byKind.map((kind) => `${kind.quantity} ${KIND_LABELS[kind.kind]} ${usd(kind.hourlyUsd)}/h`).join(" · ")}`);
    }
    const usage = counted(estimate.usageBilled.map((u) => USAGE_LABELS[u.kind]));
    if (usage.length > 0) {
        lines.push(`  billed by use, not in the figure: ${usage.join(", ")}`);
    }
    const free = counted(estimate.free.map((f) => FREE_LABELS[f.kind]), true);
    if (free.length > 0) {
        lines.push(`  free: ${free.join(", ")}`);
    }
    for (const item of estimate.unpriced) {
        lines.push(`  not priced: ${item.name} (${item.kind} × ${item.quantity}): ${item.reason}`);
    }
    for (const note of estimate.notes) {
        lines.push(`  note: ${note}`);
    }
    return lines;
}

/** "label" once per distinct label, in first-seen order; with counts when asked. */
function counted(labels: readonly string[], withCounts = false): string[] {
    const counts = new Map<string, number>();
    for (const label of labels) {
        counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    return [...counts].map(([label, count]) => (withCounts ? `${count} ${label}` : label));
}
