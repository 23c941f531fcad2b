import { DeployTimeEstimate } from "./estimate";

/** 95 → "1m 35s", 42 → "42 s". */
export function duration(seconds: number): string {
    const rounded = Math.round(seconds);
    return rounded < 60 ? `${rounded} s` : `${Math.floor(rounded / 60)}m ${String(rounded % 60).padStart(2, "0")}s`;
}

/** The resource type's last segment: `aws:lb/loadBalancer:LoadBalancer` → `LoadBalancer`. */
function shortType(type: string): string {
    return `${type.startsWith("awsx:") ? "awsx " : ""}${type.slice(type.lastIndexOf(":") + 1)}`;
}

/** The short block `plan` and `bench` print. */
export function renderDeployTime(estimate: DeployTimeEstimate): string[] {
    const parallel = estimate.parallelism === null ? "unbounded, the CLI's default" : String(estimate.parallelism);
    return [
        "Deploy time (pulumi up from scratch; typical create times in analysis/deployTime/createTimes.ts):",
        `  about ${duration(estimate.totalSeconds)}: ${duration(estimate.startupSeconds)} to start and preview, then ${duration(estimate.createSeconds)} for ${estimate.steps} creates (--parallel ${parallel})`,
        `  critical path (${duration(estimate.criticalPathSeconds)}): ${estimate.criticalPath.map((step) => `${step.name} (${shortType(step.type)} ${duration(step.seconds)})`).join(" → ")}`,
    ];
}
