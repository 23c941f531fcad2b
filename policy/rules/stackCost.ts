import { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { estimateCost } from "../../analysis/cost/estimate";
import { kindCount, usd } from "../../analysis/cost/render";
import { readConfig, validateStackIndex } from "../lib/ruleKit";

const costSchema: PolicyConfigSchema = {
    properties: {
        maxHourlyUsd: {
            type: "number",
            minimum: 0,
            default: 0.5,
            description: "The most the stack's resources may cost per hour, on demand, in USD (usage-billed items not counted).",
        },
    },
};

const FIX =
    "remove labs from vpc-labs:labs, use fewer interface endpoint zones (interfaceEndpointAzCount), a smaller instanceType or bastionSsmNatGateways: none, or raise maxHourlyUsd in the stack's policy config";

/**
 * A budget for a forgotten stack: the hourly cost of what the stack keeps running (see
 * analysis/cost), against `maxHourlyUsd`. A stack the price table cannot fully price is
 * reported too, so a budget is never passed by resources nobody priced.
 */
export const stackHourlyCost: StackValidationPolicy = {
    name: "stack-hourly-cost",
    description: "Checks that the stack's estimated on-demand cost per hour stays within maxHourlyUsd.",
    enforcementLevel: "advisory",
    configSchema: costSchema,
    validateStack: validateStackIndex((index, args, reportViolation) => {
        const { maxHourlyUsd } = readConfig<{ maxHourlyUsd: number }>(args, costSchema);
        const estimate = estimateCost(args.resources, index);
        const where = estimate.regions.length > 0 ? ` in ${estimate.regions.join(", ")}` : "";
        const unpriced =
            estimate.unpriced.length === 0
                ? ""
                : `; ${estimate.unpriced.length} charge(s) could not be priced (${[...new Set(estimate.unpriced.map((u) => u.reason))].join("; ")})`;
        if (estimate.hourlyUsd > maxHourlyUsd) {
            const largest = estimate.byKind
                .slice(0, 3)
                .map((kind) => `${kindCount(kind.kind, kind.quantity)} ${usd(kind.hourlyUsd)}/h`)
                .join(", ");
            reportViolation(
                `The stack's estimated cost is ${usd(estimate.hourlyUsd)} per hour (${usd(estimate.thirtyDayUsd)} per 30 days)${where}, over the budget of ${usd(maxHourlyUsd)} per hour; largest items: ${largest}${unpriced}: ${FIX}.`,
            );
        } else if (!estimate.complete) {
            reportViolation(
                `The stack's cost cannot be checked against the budget of ${usd(maxHourlyUsd)} per hour: the priced part is ${usd(estimate.hourlyUsd)} per hour${where}${unpriced}: add the missing prices to analysis/cost/priceTable.ts, or disable this policy for the stack.`,
            );
        }
    }),
};
