import * as aws from "@pulumi/aws";
import { excerpt } from "../../lib/errors";
import { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { cidrContains, cidrsOverlap, isAnywhere, Ipv4Block, parseCidr } from "../../lib/cidr";
import { endpointType, isEndpointServiceName } from "../lib/endpoints";
import { describePorts, IngressPermission, ingressOf, opensPort } from "../lib/ingress";
import { allOf, anyOf, isUnknown, knowableList, knownString, Unknown, UNKNOWN } from "../../analysis/stack/knowable";
import { readConfig, validateStackIndex } from "../lib/ruleKit";
import { NodeOf, soleReferent, StackIndex, StackNode } from "../../analysis/stack/stackIndex";
import { zoneShortfall, zoneSpread } from "../lib/zones";

/** Interface endpoints to AWS services take HTTPS. */
const AWS_SERVICE_PORT = 443;

export const interfaceEndpointOwnSecurityGroup: StackValidationPolicy = {
    name: "interface-endpoint-own-security-group",
    description: "Checks that every interface VPC endpoint has its own security groups, not none and not the VPC's default group.",
    enforcementLevel: "mandatory",
    validateStack: validateStackIndex((index, _args, reportViolation) => {
        for (const endpoint of interfaceEndpoints(index)) {
            const groups = knowableList(endpoint.props.securityGroupIds);
            const fix = "use a security group made for the endpoint that allows only the service port from the VPC CIDR";
            if (!isUnknown(groups) && groups.length === 0) {
                reportViolation(
                    `Interface endpoint "${endpoint.name}" must have its own security group; it has none, so AWS attaches the VPC's default security group: ${fix}.`,
                    endpoint.urn,
                );
            } else if (usesDefaultSecurityGroup(index, endpoint, groups)) {
                reportViolation(`Interface endpoint "${endpoint.name}" must have its own security group; it uses the VPC's default security group: ${fix}.`, endpoint.urn);
            }
        }
    }),
};

const DEFAULT_GROUP_IDS = new WeakMap<StackIndex, ReadonlySet<unknown>>();

/** Every VPC's default security group ID, collected once per stack (not once per endpoint). */
function defaultGroupIds(index: StackIndex): ReadonlySet<unknown> {
    let ids = DEFAULT_GROUP_IDS.get(index);
    if (!ids) {
        ids = new Set<unknown>([
            ...index.ofType(aws.ec2.Vpc).map((vpc) => vpc.props.defaultSecurityGroupId),
            ...index.ofType(aws.ec2.DefaultSecurityGroup).map((group) => group.props.id),
        ]);
        DEFAULT_GROUP_IDS.set(index, ids);
    }
    return ids;
}

/**
 * True when one of the endpoint's groups is a VPC's default group: computed from a VPC
 * (whose only security group output is `defaultSecurityGroupId`), an adopted
 * `aws.ec2.DefaultSecurityGroup`, or equal to either's ID.
 */
function usesDefaultSecurityGroup(index: StackIndex, endpoint: StackNode, groups: unknown[] | Unknown): boolean {
    const dependencies = endpoint.propertyDependencies.securityGroupIds ?? [];
    if (dependencies.some((urn) => isDefaultGroupSource(index.byUrn(urn)))) {
        return true;
    }
    if (isUnknown(groups)) {
        return false;
    }
    const defaultIds = defaultGroupIds(index);
    return groups.some((group) => typeof group === "string" && defaultIds.has(group));
}

function isDefaultGroupSource(node: StackNode | undefined): boolean {
    return node !== undefined && (node.resource.isType(aws.ec2.Vpc) || node.resource.isType(aws.ec2.DefaultSecurityGroup));
}

export const interfaceEndpointIngressFromVpc: StackValidationPolicy = {
    name: "interface-endpoint-ingress-from-vpc",
    description:
        "Checks that the security groups of every interface VPC endpoint admit traffic only from inside the VPC's CIDR, " +
        "and allow 443 from it for AWS services.",
    enforcementLevel: "mandatory",
    validateStack: validateStackIndex((index, _args, reportViolation) => {
        for (const endpoint of interfaceEndpoints(index)) {
            const vpc = soleReferent(index.referencedBy(endpoint, "vpcId", [aws.ec2.Vpc]));
            const vpcBlocks = vpc ? vpcCidrBlocks(index, vpc) : UNKNOWN;
            const vpcCidrText = isUnknown(vpcBlocks) ? "the VPC CIDR" : `the VPC CIDR ${vpcBlocks.map((b) => b.text).join(", ")}`;
            const forAwsService = !isEndpointServiceConsumer(index, endpoint);
            const allowed = forAwsService ? String(AWS_SERVICE_PORT) : "traffic";
            const groups = index.referencedBy(endpoint, "securityGroupIds", [aws.ec2.SecurityGroup]).nodes;
            const reachable: (boolean | Unknown)[] = [];
            for (const group of groups) {
                for (const permission of ingressOf(index, group)) {
                    for (const cidr of permission.cidrs) {
                        if (typeof cidr === "string" && isOutside(cidr, vpcBlocks)) {
                            reportViolation(
                                `Security group "${group.name}" of interface endpoint "${endpoint.name}" must allow ${allowed} only from ${vpcCidrText}; ` +
                                    `it allows ${excerpt(cidr)} (${describePorts(permission)}): narrow the source to the VPC CIDR or remove the rule.`,
                                group.urn,
                            );
                        }
                    }
                    reachable.push(allOf([opensPort(permission, AWS_SERVICE_PORT), admitsVpcClients(permission, vpcBlocks)]));
                }
            }
            if (forAwsService && groups.length > 0 && anyOf(reachable) === false) {
                reportViolation(
                    `Security groups of interface endpoint "${endpoint.name}" must allow tcp ${AWS_SERVICE_PORT} from ${vpcCidrText}; none does: ` +
                        `add an ingress rule for tcp ${AWS_SERVICE_PORT} from the VPC CIDR.`,
                    endpoint.urn,
                );
            }
        }
    }),
};

interface VpcBlock {
    readonly text: string;
    readonly block: Ipv4Block;
}

/** The VPC's primary and secondary IPv4 blocks; {@link UNKNOWN} if any is not known. */
function vpcCidrBlocks(index: StackIndex, vpc: StackNode): VpcBlock[] | Unknown {
    const secondary = index.referrersOf(vpc, [aws.ec2.VpcIpv4CidrBlockAssociation], "vpcId").map((association) => association.props.cidrBlock);
    const blocks: VpcBlock[] = [];
    for (const text of [vpc.props.cidrBlock, ...secondary]) {
        const block = typeof text === "string" ? parseCidr(text) : undefined;
        if (!block) {
            return UNKNOWN;
        }
        blocks.push({ text: text as string, block });
    }
    return blocks;
}

/** A source outside the VPC; without the VPC's blocks only "anywhere" is known to be outside. */
function isOutside(cidr: string, vpcBlocks: VpcBlock[] | Unknown): boolean {
    if (isAnywhere(cidr)) {
        return true;
    }
    const block = parseCidr(cidr);
    // IPv6 blocks other than ::/0 are not compared: the VPC's IPv6 block is assigned by AWS.
    if (!block || isUnknown(vpcBlocks)) {
        return false;
    }
    return !vpcBlocks.some((vpcBlock) => cidrContains(vpcBlock.block, block));
}

/** Whether clients inside the VPC are among the permission's sources. */
function admitsVpcClients(permission: IngressPermission, vpcBlocks: VpcBlock[] | Unknown): boolean | Unknown {
    if (permission.hasNonCidrSource) {
        return true;
    }
    return anyOf(
        permission.cidrs.map((cidr) => {
            if (typeof cidr !== "string") {
                return UNKNOWN;
            }
            const block = parseCidr(cidr);
            if (isAnywhere(cidr)) {
                return true;
            }
            if (!block) {
                return false;
            }
            return isUnknown(vpcBlocks) ? UNKNOWN : vpcBlocks.some((vpcBlock) => cidrsOverlap(vpcBlock.block, block));
        }),
    );
}

/** A consumer of a PrivateLink endpoint service (not an AWS service) listens on the service's own port. */
function isEndpointServiceConsumer(index: StackIndex, endpoint: NodeOf<aws.ec2.VpcEndpoint>): boolean {
    const serviceName = knownString(endpoint.props.serviceName);
    if (serviceName !== undefined) {
        return isEndpointServiceName(serviceName);
    }
    return index.referencedBy(endpoint, "serviceName", [aws.ec2.VpcEndpointService]).nodes.length > 0;
}

export const interfaceEndpointPrivateDns: StackValidationPolicy = {
    name: "interface-endpoint-private-dns",
    description: "Checks that an interface VPC endpoint with private DNS is in a VPC with enableDnsHostnames and enableDnsSupport on.",
    enforcementLevel: "mandatory",
    validateStack: validateStackIndex((index, _args, reportViolation) => {
        for (const endpoint of interfaceEndpoints(index)) {
            const vpc = endpoint.props.privateDnsEnabled === true ? soleReferent(index.referencedBy(endpoint, "vpcId", [aws.ec2.Vpc])) : undefined;
            if (!vpc) {
                continue;
            }
            // AWS defaults: DNS support on, DNS hostnames off (for VPCs other than the default VPC).
            // https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html#vpc-dns-support
            const off = [
                vpc.props.enableDnsHostnames === undefined || vpc.props.enableDnsHostnames === false ? "enableDnsHostnames" : undefined,
                vpc.props.enableDnsSupport === false ? "enableDnsSupport" : undefined,
            ].filter((flag): flag is string => flag !== undefined);
            if (off.length > 0) {
                reportViolation(
                    `Interface endpoint "${endpoint.name}" with private DNS must be in a VPC with enableDnsHostnames and enableDnsSupport on; ` +
                        `VPC "${vpc.name}" has ${off.join(" and ")} off: set ${off.map((flag) => `${flag}: true`).join(" and ")} on the VPC.`,
                    endpoint.urn,
                );
            }
        }
    }),
};

const availabilityZonesSchema: PolicyConfigSchema = {
    properties: {
        minAvailabilityZones: {
            type: "integer",
            minimum: 1,
            default: 2,
            description: "Fewest Availability Zones an interface endpoint may span (each zone is billed per hour).",
        },
    },
};

export const interfaceEndpointAvailabilityZones: StackValidationPolicy = {
    name: "interface-endpoint-availability-zones",
    description: "Checks that every interface VPC endpoint has subnets in at least the configured number of Availability Zones.",
    enforcementLevel: "mandatory",
    configSchema: availabilityZonesSchema,
    validateStack: validateStackIndex((index, args, reportViolation) => {
        const { minAvailabilityZones } = readConfig<{ minAvailabilityZones: number }>(args, availabilityZonesSchema);
        for (const endpoint of interfaceEndpoints(index)) {
            const shortfall = zoneShortfall(zoneSpread(index.referencedBy(endpoint, "subnetIds", [aws.ec2.Subnet])), minAvailabilityZones);
            if (shortfall !== undefined) {
                const setBy = zoneCountSetting(endpoint.parent ? index.byUrn(endpoint.parent) : undefined);
                const fix =
                    setBy && setBy.value < minAvailabilityZones
                        ? `${setBy.key} is ${setBy.value}: set it to ${minAvailabilityZones}, or check the stack with a policy config whose minAvailabilityZones is ${setBy.value}`
                        : "add a subnet in another zone to subnetIds";
                reportViolation(`Interface endpoint "${endpoint.name}" must span at least ${minAvailabilityZones} Availability Zones; ${shortfall}: ${fix}.`, endpoint.urn);
            }
        }
    }),
};

/**
 * The config key that chose an endpoint's zone count, as its `vpc-labs:endpoints:InterfaceEndpoint`
 * component records it (`zoneCountSetBy`); undefined for an endpoint made any other way.
 */
function zoneCountSetting(component: StackNode | undefined): { key: string; value: number } | undefined {
    const setting = component?.type === "vpc-labs:endpoints:InterfaceEndpoint" ? (component.props.zoneCountSetBy as { key?: unknown; value?: unknown } | undefined) : undefined;
    return typeof setting?.key === "string" && typeof setting.value === "number" ? { key: setting.key, value: setting.value } : undefined;
}

function interfaceEndpoints(index: StackIndex): NodeOf<aws.ec2.VpcEndpoint>[] {
    return index.ofType(aws.ec2.VpcEndpoint).filter((endpoint) => endpointType(endpoint.props.vpcEndpointType) === "Interface");
}

