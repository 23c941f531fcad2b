import * as aws from "@pulumi/aws";
import { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { isUnknown } from "../../analysis/stack/knowable";
import { readConfig, validateKnowableResourceOfType, validateStackIndex } from "../lib/ruleKit";
import { soleReferent, StackIndex, StackNode } from "../../analysis/stack/stackIndex";

const vpcFlowLogSchema: PolicyConfigSchema = {
    properties: {
        acceptSubnetCoverage: {
            type: "boolean",
            default: false,
            description: "Also accept a VPC without its own flow log when every one of its subnets has one.",
        },
    },
};

export const vpcHasFlowLog: StackValidationPolicy = {
    name: "vpc-has-flow-log",
    description: "Checks that every VPC has a flow log on the VPC itself (or, when configured, on every one of its subnets).",
    enforcementLevel: "mandatory",
    configSchema: vpcFlowLogSchema,
    validateStack: validateStackIndex((index, args, reportViolation) => {
        const { acceptSubnetCoverage } = readConfig<{ acceptSubnetCoverage: boolean }>(args, vpcFlowLogSchema);
        for (const vpc of index.ofType(aws.ec2.Vpc)) {
            if (hasFlowLog(index, vpc, "vpcId") || (acceptSubnetCoverage && everySubnetHasFlowLog(index, vpc))) {
                continue;
            }
            const where = acceptSubnetCoverage ? "with vpcId set to the VPC, or one on each of its subnets" : "with vpcId set to the VPC";
            reportViolation(`VPC "${vpc.name}" must have a flow log; it has none: add an aws.ec2.FlowLog ${where}.`, vpc.urn);
        }
    }),
};

function hasFlowLog(index: StackIndex, target: StackNode, property: "vpcId" | "subnetId"): boolean {
    return index.referrersOf(target, [aws.ec2.FlowLog], property).length > 0;
}

function everySubnetHasFlowLog(index: StackIndex, vpc: StackNode): boolean {
    const subnets = index.referrersOf(vpc, [aws.ec2.Subnet], "vpcId");
    return subnets.length > 0 && subnets.every((subnet) => hasFlowLog(index, subnet, "subnetId"));
}

const trafficTypeSchema: PolicyConfigSchema = {
    properties: {
        allowedTrafficTypes: {
            type: "array",
            items: { type: "string", enum: ["ALL", "ACCEPT", "REJECT"] },
            minItems: 1,
            uniqueItems: true,
            default: ["ALL"],
            description: "Traffic types a flow log may capture. ACCEPT alone hides the rejected traffic the labs look for.",
        },
        workshop: {
            type: "boolean",
            default: false,
            description:
                "The workshop's flow-log exercise: subnet- and ENI-level flow logs may also capture ACCEPT or REJECT while their VPC keeps a VPC-level flow log capturing ALL.",
        },
    },
};

interface TrafficTypeConfig {
    readonly allowedTrafficTypes: string[];
    readonly workshop: boolean;
}

export const flowLogTrafficType: StackValidationPolicy = {
    name: "flow-log-traffic-type",
    description:
        "Checks that every flow log captures an allowed traffic type (ALL by default; with workshop, ACCEPT or REJECT on subnet and ENI logs of a VPC that has a VPC-level ALL log).",
    enforcementLevel: "mandatory",
    configSchema: trafficTypeSchema,
    validateStack: validateStackIndex((index, args, reportViolation) => {
        const { allowedTrafficTypes, workshop } = readConfig<TrafficTypeConfig>(args, trafficTypeSchema);
        const allowed = allowedTrafficTypes.join(" or ");
        for (const flowLog of index.ofType(aws.ec2.FlowLog)) {
            const trafficType = flowLog.props.trafficType;
            // Transit gateway flow logs have no traffic type; an unknown one cannot be judged.
            if (typeof trafficType !== "string" || allowedTrafficTypes.includes(trafficType)) {
                continue;
            }
            const subject = `Flow log "${flowLog.name}" must capture traffic type ${allowed}; it captures ${trafficType}`;
            const narrow = flowLog.props.subnetId !== undefined || flowLog.props.eniId !== undefined;
            if (!workshop || !narrow || (trafficType !== "ACCEPT" && trafficType !== "REJECT")) {
                reportViolation(`${subject}: set trafficType to ${allowedTrafficTypes[0]}.`, flowLog.urn);
                continue;
            }
            const vpc = vpcOfScopedFlowLog(index, flowLog);
            if (vpc && index.referrersOf(vpc, [aws.ec2.FlowLog], "vpcId").some((log) => log.props.trafficType === "ALL")) {
                continue;
            }
            const where = vpc ? `VPC "${vpc.name}" has no VPC-level flow log capturing ALL` : "the VPC it logs in is not found in the stack";
            reportViolation(
                `${subject}, which the workshop setting admits on a subnet or ENI log only beside a VPC-level ALL log; ${where}: ` +
                    `add an aws.ec2.FlowLog with vpcId and trafficType ALL, or set trafficType to ${allowedTrafficTypes[0]}.`,
                flowLog.urn,
            );
        }
    }),
};

/**
 * The VPC a subnet- or ENI-level flow log records in: the subnet's VPC, or the VPC of the
 * subnet of the instance (or network interface, NAT gateway) whose ENI it names. Under the
 * offline engine an awsx subnet is the awsx VPC itself, so a placement on it counts too.
 */
function vpcOfScopedFlowLog(index: StackIndex, flowLog: StackNode): StackNode | undefined {
    const vpcOf = (node: StackNode | undefined) => (node ? soleReferent(index.referencedBy(node, "vpcId", [aws.ec2.Vpc])) : undefined);
    const placed = (node: StackNode) =>
        vpcOf(soleReferent(index.referencedBy(node, "subnetId", [aws.ec2.Subnet]))) ?? soleReferent(index.referencedBy(node, "subnetId", [aws.ec2.Vpc]));
    if (flowLog.props.subnetId !== undefined) {
        return vpcOf(soleReferent(index.referencedBy(flowLog, "subnetId", [aws.ec2.Subnet])));
    }
    const owner =
        soleReferent(index.referencedBy(flowLog, "eniId", [aws.ec2.Instance], ["primaryNetworkInterfaceId"])) ??
        soleReferent(index.referencedBy(flowLog, "eniId", [aws.ec2.NetworkInterface])) ??
        soleReferent(index.referencedBy(flowLog, "eniId", [aws.ec2.NatGateway], ["networkInterfaceId"]));
    return owner ? placed(owner) : undefined;
}

/** What AWS uses when `maxAggregationInterval` is not set. */
const DEFAULT_AGGREGATION_INTERVAL = 600;

const aggregationSchema: PolicyConfigSchema = {
    properties: {
        maxAggregationIntervalSeconds: {
            type: "integer",
            enum: [60, 600],
            default: 600,
            description: "Longest maximum aggregation interval a flow log may use, in seconds (AWS offers 60 and 600).",
        },
    },
};

export const flowLogAggregationInterval: ResourceValidationPolicy = {
    name: "flow-log-aggregation-interval",
    description: "Checks that every flow log aggregates records over at most the configured interval.",
    enforcementLevel: "mandatory",
    configSchema: aggregationSchema,
    validateResource: validateKnowableResourceOfType(aws.ec2.FlowLog, (flowLog, args, reportViolation) => {
        const { maxAggregationIntervalSeconds } = readConfig<{ maxAggregationIntervalSeconds: number }>(args, aggregationSchema);
        const interval = flowLog.maxAggregationInterval;
        if (isUnknown(interval)) {
            return;
        }
        const effective = interval ?? DEFAULT_AGGREGATION_INTERVAL;
        if (effective > maxAggregationIntervalSeconds) {
            const uses = interval === undefined ? `${effective} (the AWS default)` : String(effective);
            reportViolation(
                `Flow log "${args.name}" must aggregate records over at most ${maxAggregationIntervalSeconds} seconds; it uses ${uses}: ` +
                    `set maxAggregationInterval: ${maxAggregationIntervalSeconds}.`,
            );
        }
    }),
};

const retentionSchema: PolicyConfigSchema = {
    properties: {
        minRetentionDays: { type: "integer", minimum: 1, default: 1, description: "Shortest retention a flow log's log group may have, in days." },
        maxRetentionDays: { type: "integer", minimum: 1, default: 365, description: "Longest retention a flow log's log group may have, in days." },
        requireKmsKey: { type: "boolean", default: false, description: "Require the log group to be encrypted with a customer managed KMS key." },
    },
};

interface RetentionConfig {
    readonly minRetentionDays: number;
    readonly maxRetentionDays: number;
    readonly requireKmsKey: boolean;
}

export const flowLogGroupRetention: StackValidationPolicy = {
    name: "flow-log-group-retention",
    description:
        "Checks that the CloudWatch log group of every flow log keeps records for a bounded time within the configured range " +
        "(and is encrypted with a KMS key when requireKmsKey is set).",
    enforcementLevel: "mandatory",
    configSchema: retentionSchema,
    validateStack: validateStackIndex((index, args, reportViolation) => {
        const config = readConfig<RetentionConfig>(args, retentionSchema);
        const range = `between ${config.minRetentionDays} and ${config.maxRetentionDays} days`;
        for (const flowLog of index.ofType(aws.ec2.FlowLog)) {
            const group = logGroupOf(index, flowLog);
            if (!group) {
                continue;
            }
            const subject = `Log group "${group.name}" of flow log "${flowLog.name}"`;
            const retention = group.props.retentionInDays;
            if (retention === undefined || retention === 0) {
                reportViolation(`${subject} must keep records ${range}; it never expires them: set retentionInDays ${range}.`, group.urn);
            } else if (typeof retention === "number" && (retention < config.minRetentionDays || retention > config.maxRetentionDays)) {
                reportViolation(`${subject} must keep records ${range}; it keeps them ${retention} days: set retentionInDays ${range}.`, group.urn);
            }
            const kmsKeyId = group.props.kmsKeyId;
            if (config.requireKmsKey && (kmsKeyId === undefined || kmsKeyId === "")) {
                reportViolation(`${subject} must be encrypted with a KMS key; it has none: set kmsKeyId to a customer managed key.`, group.urn);
            }
        }
    }),
};

/**
 * The log group a CloudWatch Logs flow log publishes to (`logDestinationType` defaults to
 * cloud-watch-logs), by its ARN in `logDestination` or its name in the older `logGroupName`.
 */
function logGroupOf(index: StackIndex, flowLog: StackNode): StackNode | undefined {
    const destinationType = flowLog.props.logDestinationType ?? "cloud-watch-logs";
    if (destinationType !== "cloud-watch-logs") {
        return undefined;
    }
    const byArn = soleReferent(index.referencedBy(flowLog, "logDestination", [aws.cloudwatch.LogGroup], ["arn"]));
    return byArn ?? soleReferent(index.referencedBy(flowLog, "logGroupName", [aws.cloudwatch.LogGroup], ["name", "id"]));
}
