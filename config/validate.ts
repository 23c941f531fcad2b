import { formatCidr, isAnywhere, parseCidr } from "../lib/cidr";
import { principalArnProblem, partitionOfRegion } from "../lib/arns";
import { closestNames } from "../lib/closestNames";
import { ConfigError, excerpt, quoted } from "../lib/errors";
import { flowLogSettingsProblems } from "./flowLogSettings";
import { instanceTypeProblem, regionProblem } from "./awsNames";
import { readClassroom, readPolicyConfigPath } from "./classroom";
import { interfaceServiceKnowledge, NOT_INTERFACE_SERVICES } from "./endpointServices";
import { CONFIG_KEYS, ConfigKeyName, LAB_NAMES, NETWORK_SLOTS, NetworkSlotKey, PROJECT, qualified } from "./keys";
import { checkVpcLayout } from "./layout";
import { readStage } from "./labStages";
import { ConfigReader, KeyedCidr, RawConfig, readCidr } from "./reader";
import {
    BastionSsmLabConfig,
    EndpointServiceLabConfig,
    EndpointsLabConfig,
    FlowLogS3Layout,
    FlowLogScopesConfig,
    FlowLogSettings,
    NetworkSourceConfig,
    StackConfig,
} from "./stackConfig";

/** What the validator needs to know about the account and region, looked up before it runs. */
export interface DeploymentContext {
    readonly region: string;
    /** Names of the Availability Zones available in the region, e.g. ap-northeast-2a. */
    readonly availableZones: readonly string[];
    /** The region's partition (aws, aws-cn...). @default the partition of `region` */
    readonly partition?: string;
}

const SERVICE_SHORT_NAME = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*$/;

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * Reads and validates the whole stack config. Every problem found is reported together in
 * one ConfigError that names each key, the rule and the fix; nothing has been registered yet
 * when it throws.
 */
export function validateStackConfig(raw: RawConfig, context: DeploymentContext): StackConfig {
    const reader = new ConfigReader(raw);
    const partition = context.partition ?? partitionOfRegion(context.region);
    reportUnknownKeys(reader, raw);

    const labs = reader.choices("labs", LAB_NAMES);
    if (labs.length === 0 && reader.list("labs").length === 0) {
        reader.report("labs", "lists no lab", `list at least one of ${LAB_NAMES.join(", ")}`);
    }
    const interfaceEndpointAzCount = reader.integer("interfaceEndpointAzCount", [1, 2]) as 1 | 2;
    const instanceType = reader.string("instanceType");
    const instanceProblem = instanceTypeProblem(instanceType);
    if (instanceProblem) {
        reader.report("instanceType", instanceProblem.rule, instanceProblem.fix);
    }
    const regionIssue = regionProblem(context.region);
    if (regionIssue) {
        reader.report("aws:region", regionIssue.rule, regionIssue.fix);
    }

    const config: StackConfig = {
        labs,
        region: context.region,
        // Zones of a Region that does not exist say nothing useful: its own problem is reported.
        availabilityZones: regionIssue ? ["", ""] : readZones(reader, context),
        instanceType,
        interfaceEndpointAzCount,
        keepDataOnDelete: reader.boolean("keepDataOnDelete"),
        flowLogs: readFlowLogs(reader),
        flowLogScopes: readFlowLogScopes(reader),
        endpoints: readEndpointsLab(reader, partition),
        endpointService: readEndpointServiceLab(reader, interfaceEndpointAzCount, partition),
        bastionSsm: readBastionSsmLab(reader),
        networkSources: readNetworkSources(reader),
        classroom: readClassroom(reader),
        policyConfig: readPolicyConfigPath(reader),
    };
    if (reader.problems.length > 0) {
        throw new ConfigError(`Stack config (project ${PROJECT})`, reader.problems);
    }
    return config;
}

const KEY_NAMES: readonly string[] = Object.keys(CONFIG_KEYS);

function reportUnknownKeys(reader: ConfigReader, raw: RawConfig): void {
    const known = new Set(KEY_NAMES.map(qualified));
    for (const key of Object.keys(raw)) {
        if (key.startsWith(`${PROJECT}:`) && !known.has(key)) {
            const near = closestNames(key.slice(PROJECT.length + 1), KEY_NAMES);
            const fix = near.length > 0 ? `rename it to ${near.join(" or ")}, or remove it` : "remove it, or rename it to one of the keys listed in docs/configuration.md";
            reader.report(excerpt(key), "is not a config key of this project", fix);
        }
    }
}

function readZones(reader: ConfigReader, context: DeploymentContext): readonly [string, string] {
    const zones = reader.list("availabilityZones");
    const available = context.availableZones;
    if (zones.length === 0) {
        if (available.length < 2) {
            reader.report("availabilityZones", `region ${context.region} has fewer than two available zones`, "choose a region with two zones");
            return [`${context.region}a`, `${context.region}b`];
        }
        return [available[0], available[1]];
    }
    if (zones.length !== 2) {
        reader.report("availabilityZones", `lists ${plural(zones.length, "zone")}; the labs use exactly two`, `list two of ${available.join(", ")}`);
    }
    zones.forEach((zone, i) => {
        if (!available.includes(zone)) {
            reader.report(`availabilityZones[${i}]`, `${quoted(zone)} is not an available zone of region ${context.region}`, `use one of ${available.join(", ")}`);
        }
    });
    if (zones.length === 2 && zones[0] === zones[1]) {
        reader.report("availabilityZones[1]", `repeats ${zones[0]}; the labs need two different zones`, `use two of ${available.join(", ")}`);
    }
    return [zones[0] ?? available[0], zones[1] ?? available[1]];
}

/** The config key behind each flow log setting. */
const FLOW_LOG_KEYS: Record<Exclude<keyof FlowLogSettings, "s3Layout">, ConfigKeyName> = {
    destination: "flowLogDestination",
    trafficType: "flowLogTrafficType",
    maxAggregationInterval: "flowLogMaxAggregationInterval",
    retentionDays: "flowLogRetentionDays",
    fields: "flowLogFields",
    kmsKey: "flowLogKmsKey",
    subnets: "flowLogSubnets",
};

function readFlowLogs(reader: ConfigReader): FlowLogSettings {
    const destination = reader.choice("flowLogDestination", ["cloud-watch-logs", "s3"] as const);
    const settings: FlowLogSettings = {
        destination,
        trafficType: reader.choice("flowLogTrafficType", ["ALL", "ACCEPT", "REJECT"] as const),
        maxAggregationInterval: reader.integer("flowLogMaxAggregationInterval", [60, 600]) as 60 | 600,
        retentionDays: reader.integer("flowLogRetentionDays"),
        fields: reader.list("flowLogFields"),
        kmsKey: reader.boolean("flowLogKmsKey"),
        subnets: reader.boolean("flowLogSubnets"),
        ...readS3Layout(reader, destination),
    };
    const keyOf = (field: keyof FlowLogSettings, index?: number) =>
        `${field === "s3Layout" ? "flowLogS3FileFormat" : FLOW_LOG_KEYS[field]}${index === undefined ? "" : `[${index}]`}`;
    for (const problem of flowLogSettingsProblems(settings, keyOf)) {
        reader.report(problem.key, problem.rule, problem.fix);
    }
    return settings;
}

/** The S3 layout keys: only meaningful with the s3 destination, so set elsewhere they are refused. */
function readS3Layout(reader: ConfigReader, destination: FlowLogSettings["destination"]): { s3Layout?: FlowLogS3Layout } {
    const layout: FlowLogS3Layout = {
        fileFormat: reader.choice("flowLogS3FileFormat", ["plain-text", "parquet"] as const),
        hiveCompatiblePartitions: reader.boolean("flowLogS3HivePartitions"),
        perHourPartition: reader.boolean("flowLogS3PerHourPartition"),
    };
    if (destination === "s3") {
        return { s3Layout: layout };
    }
    const set = [
        layout.fileFormat !== "plain-text" ? "flowLogS3FileFormat" : undefined,
        layout.hiveCompatiblePartitions ? "flowLogS3HivePartitions" : undefined,
        layout.perHourPartition ? "flowLogS3PerHourPartition" : undefined,
    ].filter((key): key is string => key !== undefined);
    for (const key of set) {
        reader.report(key, `applies to S3 log files but flowLogDestination is ${destination}`, "set flowLogDestination: s3, or remove the key");
    }
    return {};
}

/** Subnet- and ENI-level scopes; the names are checked against the chosen labs when the labs are resolved. */
function readFlowLogScopes(reader: ConfigReader): FlowLogScopesConfig {
    const names = (key: "flowLogSubnetNames" | "flowLogInstanceNames"): string[] => {
        const list = reader.list(key);
        list.forEach((name, i) => {
            if (name === "") {
                reader.report(`${key}[${i}]`, "is empty", "write the Name tag, e.g. " + (key === "flowLogSubnetNames" ? "IMD-PRIVATE-A" : "PRIVATE-01"));
            } else if (list.indexOf(name) !== i) {
                reader.report(`${key}[${i}]`, `${quoted(name)} is listed twice`, "list each name once");
            }
        });
        return list.filter((name, i) => name !== "" && list.indexOf(name) === i);
    };
    const types = ["ALL", "ACCEPT", "REJECT"] as const;
    return {
        subnetNames: names("flowLogSubnetNames"),
        subnetTrafficType: reader.choice("flowLogSubnetTrafficType", types),
        instanceNames: names("flowLogInstanceNames"),
        instanceTrafficType: reader.choice("flowLogInstanceTrafficType", types),
    };
}

/** Reads a CIDR key, or one item of a CIDR list key, with the key's own default as the example. */
function cidrAt(reader: ConfigReader, key: string, text: string, example: string): KeyedCidr | undefined {
    return readCidr(reader, key, text, example);
}

function readCidrList(reader: ConfigReader, key: "endpointServiceConsumerSubnetCidrs" | "endpointServiceProviderSubnetCidrs" | "bastionSsmPublicSubnetCidrs" | "bastionSsmPrivateSubnetCidrs", min: number, max: number): { texts: string[]; cidrs: (KeyedCidr | undefined)[] } {
    const texts = reader.list(key);
    const example = (CONFIG_KEYS[key].default as readonly string[]).join(", ");
    if (texts.length < min || texts.length > max) {
        const count = min === max ? `exactly ${min}` : `${min} to ${max}`;
        reader.report(key, `lists ${plural(texts.length, "subnet")}; it takes ${count}, one per zone in order`, `list ${count}, e.g. [${example}]`);
    }
    const defaults = CONFIG_KEYS[key].default as readonly string[];
    return { texts, cidrs: texts.map((text, i) => cidrAt(reader, `${key}[${i}]`, text, defaults[i] ?? defaults[0])) };
}

function readEndpointsLab(reader: ConfigReader, partition: string): EndpointsLabConfig {
    const vpcCidr = reader.string("endpointsVpcCidr");
    const publicSubnetCidr = reader.string("endpointsPublicSubnetCidr");
    const privateSubnetCidr = reader.string("endpointsPrivateSubnetCidr");
    checkVpcLayout(reader, cidrAt(reader, "endpointsVpcCidr", vpcCidr, "10.0.0.0/16"), [
        cidrAt(reader, "endpointsPublicSubnetCidr", publicSubnetCidr, "10.0.0.0/24"),
        cidrAt(reader, "endpointsPrivateSubnetCidr", privateSubnetCidr, "10.0.1.0/24"),
    ]);
    const gatewayServices = reader.choices("endpointsGatewayServices", ["s3", "dynamodb"] as const);
    if (!gatewayServices.includes("s3")) {
        reader.report("endpointsGatewayServices", "does not list s3; the lab's bucket is locked to the S3 gateway endpoint", 'add "s3"');
    }
    const gatewayRouteTables = reader.choices("endpointsGatewayRouteTables", ["public", "private"] as const);
    if (gatewayRouteTables.length === 0) {
        reader.report("endpointsGatewayRouteTables", "lists no route table; a gateway endpoint reaches nothing without a route", 'list "public", "private" or both');
    }
    const interfaceServices = reader.list("endpointsInterfaceServices");
    interfaceServices.forEach((service, i) => {
        if (service.startsWith("com.amazonaws.") || !SERVICE_SHORT_NAME.test(service)) {
            reader.report(`endpointsInterfaceServices[${i}]`, `${quoted(service)} is not an AWS service short name`, "write the short name only, e.g. cloudformation, sts, ecr.api");
        } else if (interfaceServiceKnowledge(service) === "not-offered") {
            const { reason, source } = NOT_INTERFACE_SERVICES[service];
            reader.report(`endpointsInterfaceServices[${i}]`, `${service} is not an interface endpoint service of any Region: ${reason} (${source})`, "remove it from the list");
        } else if (interfaceServices.indexOf(service) !== i) {
            reader.report(`endpointsInterfaceServices[${i}]`, `${quoted(service)} is listed twice`, "list each service once");
        }
    });
    const privateInstanceAccess = reader.choice("endpointsPrivateInstanceAccess", ["session-manager", "instance-connect"] as const);
    const bucketManagers = reader.list("endpointsBucketManagers");
    bucketManagers.forEach((principal, i) => {
        const key = `endpointsBucketManagers[${i}]`;
        if (principal === "*" || principal.includes("*")) {
            reader.report(key, `${quoted(principal)} would let any matching principal manage the locked bucket from anywhere`, "list exact role or user ARNs");
        } else {
            const problem = principalArnProblem(principal, partition);
            if (problem) {
                reader.report(key, `${quoted(principal)} ${problem.rule}`, problem.fix ?? `write it like arn:${partition}:iam::123456789012:role/name or arn:${partition}:iam::123456789012:user/name`);
            }
        }
    });
    const stage = readStage(reader, "endpoints");
    return { vpcCidr, publicSubnetCidr, privateSubnetCidr, gatewayServices, gatewayRouteTables, interfaceServices, privateInstanceAccess, bucketManagers, ...withStage(stage) };
}

function readEndpointServiceLab(reader: ConfigReader, interfaceEndpointAzCount: number, partition: string): EndpointServiceLabConfig {
    const consumerVpcCidr = reader.string("endpointServiceConsumerVpcCidr");
    const consumer = readCidrList(reader, "endpointServiceConsumerSubnetCidrs", 1, 2);
    if (consumer.texts.length >= 1 && consumer.texts.length < interfaceEndpointAzCount) {
        reader.report(
            "endpointServiceConsumerSubnetCidrs",
            `lists ${plural(consumer.texts.length, "subnet")} but interfaceEndpointAzCount is ${interfaceEndpointAzCount}; the consumer endpoint needs a subnet in each zone`,
            "add a second subnet, or set interfaceEndpointAzCount: 1",
        );
    }
    checkVpcLayout(reader, cidrAt(reader, "endpointServiceConsumerVpcCidr", consumerVpcCidr, "10.0.0.0/16"), consumer.cidrs);
    const providerVpcCidr = reader.string("endpointServiceProviderVpcCidr");
    const provider = readCidrList(reader, "endpointServiceProviderSubnetCidrs", 2, 2);
    checkVpcLayout(reader, cidrAt(reader, "endpointServiceProviderVpcCidr", providerVpcCidr, "172.20.0.0/16"), provider.cidrs);
    const allowedPrincipals = reader.list("endpointServiceAllowedPrincipals");
    allowedPrincipals.forEach((principal, i) => {
        const key = `endpointServiceAllowedPrincipals[${i}]`;
        if (principal === "*") {
            reader.report(key, "* lets every AWS account connect to the endpoint service", "list account or role ARNs, or leave the list empty for the deploying account");
        } else {
            const problem = principalArnProblem(principal, partition);
            if (problem) {
                reader.report(key, `${quoted(principal)} ${problem.rule}`, problem.fix ?? `write it like arn:${partition}:iam::123456789012:root or arn:${partition}:iam::123456789012:role/name`);
            }
        }
    });
    return {
        consumerVpcCidr,
        consumerSubnetCidrs: consumer.texts,
        providerVpcCidr,
        providerSubnetCidrs: [provider.texts[0], provider.texts[1]],
        allowedPrincipals,
        autoAccept: reader.boolean("endpointServiceAutoAccept"),
        ...withStage(readStage(reader, "endpoint-service")),
    };
}

function readBastionSsmLab(reader: ConfigReader): BastionSsmLabConfig {
    const vpcCidr = reader.string("bastionSsmVpcCidr");
    const publics = readCidrList(reader, "bastionSsmPublicSubnetCidrs", 2, 2);
    const privates = readCidrList(reader, "bastionSsmPrivateSubnetCidrs", 2, 2);
    checkVpcLayout(reader, cidrAt(reader, "bastionSsmVpcCidr", vpcCidr, "10.1.0.0/16"), [...publics.cidrs, ...privates.cidrs]);
    const operatorText = reader.string("bastionSsmOperatorCidr");
    let operatorCidr: string | undefined;
    const operatorBlock = parseCidr(operatorText);
    if (operatorText !== "") {
        if (isAnywhere(operatorText)) {
            reader.report(
                "bastionSsmOperatorCidr",
                `${quoted(operatorText)} would open SSH on the bastion to the whole internet`,
                "set your own address as a /32 (e.g. 203.0.113.7/32), or leave it empty to use Session Manager only",
            );
        } else if (!operatorBlock) {
            reader.report("bastionSsmOperatorCidr", `${quoted(operatorText)} is not an IPv4 CIDR block`, "write your address as a /32, e.g. 203.0.113.7/32");
        } else if (formatCidr(operatorBlock) !== operatorText) {
            reader.report("bastionSsmOperatorCidr", `${quoted(operatorText)} has leading zeros, which AWS refuses in a CIDR block`, `write it as ${formatCidr(operatorBlock)}`);
        } else {
            operatorCidr = operatorText;
        }
    }
    return {
        vpcCidr,
        publicSubnetCidrs: [publics.texts[0], publics.texts[1]],
        privateSubnetCidrs: [privates.texts[0], privates.texts[1]],
        natGateways: reader.choice("bastionSsmNatGateways", ["none", "single", "per-az"] as const),
        operatorCidr,
        naclExercise: reader.boolean("bastionSsmNaclExercise"),
        ...withStage(readStage(reader, "bastion-ssm")),
    };
}

/** A stage named in config becomes the lab config's `stage`; none leaves it out (the lab's default). */
function withStage<S extends string>(stage: S | undefined): { stage?: S } {
    return stage === undefined ? {} : { stage };
}

const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;

/** The network source of each lab VPC; an existing VPC must be named with its subnets. */
function readNetworkSources(reader: ConfigReader): Record<NetworkSlotKey, NetworkSourceConfig> {
    const flowLogs = reader.boolean("existingVpcFlowLogs");
    const read = (slot: NetworkSlotKey): NetworkSourceConfig => {
        const kind = reader.choice(`${slot}NetworkSource`, ["native", "awsx", "existing"] as const);
        const vpcId = reader.string(`${slot}ExistingVpcId`);
        const subnetIds = reader.list(`${slot}ExistingSubnetIds`);
        if (kind !== "existing") {
            if (vpcId !== "" || subnetIds.length > 0) {
                reader.report(`${slot}ExistingVpcId`, `an existing VPC is named but ${slot}NetworkSource is ${kind}`, `set ${slot}NetworkSource: existing, or remove the existing VPC settings`);
            }
            return { kind };
        }
        if (!VPC_ID.test(vpcId)) {
            reader.report(`${slot}ExistingVpcId`, vpcId === "" ? "is empty but the network source is existing" : `${quoted(vpcId)} is not a VPC ID`, "set the VPC's ID, e.g. vpc-0123456789abcdef0");
        }
        subnetIds.forEach((id, i) => {
            if (!SUBNET_ID.test(id)) {
                reader.report(`${slot}ExistingSubnetIds[${i}]`, `${quoted(id)} is not a subnet ID`, "write it like subnet-0123456789abcdef0");
            } else if (subnetIds.indexOf(id) !== i) {
                reader.report(`${slot}ExistingSubnetIds[${i}]`, `${id} is listed twice`, "list each of the lab's subnets once");
            }
        });
        return { kind, vpcId, subnetIds, flowLogs };
    };
    return Object.fromEntries(NETWORK_SLOTS.map((slot) => [slot, read(slot)])) as Record<NetworkSlotKey, NetworkSourceConfig>;
}
