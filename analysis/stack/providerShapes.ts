/**
 * The shapes of the properties the rules read, and how the AWS provider stores a value written
 * in another shape. The Terraform bridge under @pulumi/aws converts a value to its schema type
 * before the API sees it: "22" becomes the port 22, "true" the boolean true, 6 the protocol
 * "6", and a lone string where a list belongs a list of it. So a stack export (edited by hand,
 * or from another tool) can hold `cidrBlocks: "0.0.0.0/0"` or `fromPort: "22"`, and the rules
 * must judge what AWS would get, not pass them as clean because `typeof` says string.
 *
 * {@link providerShaped} rewrites the props of a resource once, before any rule reads them
 * (the knowable copy of ruleKit and StackIndex); {@link shapeProblems} names each value no
 * provider would store at all (an object for a port), which the offline `policy` and `plan`
 * commands refuse with exit 2 before the pack runs.
 */
import { isUnknown } from "./knowable";

/** A field's schema type: a scalar, a list of strings, a list of blocks, or one block. */
export type Shape = "string" | "number" | "boolean" | "strings" | { readonly blocks: Fields } | { readonly block: Fields };
type Fields = Readonly<Record<string, Shape>>;

const INGRESS_BLOCK: Fields = {
    protocol: "string",
    fromPort: "number",
    toPort: "number",
    cidrBlocks: "strings",
    ipv6CidrBlocks: "strings",
    securityGroups: "strings",
    prefixListIds: "strings",
    self: "boolean",
};
const SECURITY_GROUP: Fields = { ingress: { blocks: INGRESS_BLOCK }, egress: { blocks: INGRESS_BLOCK }, vpcId: "string" };
const METADATA_OPTIONS: Shape = { block: { httpTokens: "string", httpEndpoint: "string" } };
const LOAD_BALANCER: Fields = { internal: "boolean", subnets: "strings", subnetMappings: { blocks: { subnetId: "string" } } };
const VPC_RULE: Fields = { ipProtocol: "string", fromPort: "number", toPort: "number", cidrIpv4: "string", cidrIpv6: "string", securityGroupId: "string", prefixListId: "string", referencedSecurityGroupId: "string" };
const NACL_BLOCK: Fields = { ruleNo: "number", action: "string", protocol: "string", fromPort: "number", toPort: "number", icmpType: "number", cidrBlock: "string", ipv6CidrBlock: "string" };
const LISTENER: Fields = { port: "number", protocol: "string", loadBalancerArn: "string" };
const TARGET_GROUP: Fields = { port: "number", protocol: "string", targetType: "string", preserveClientIp: "string" };

/** By type token, the fields some rule reads (the rest of a resource is left as written). */
export const PROVIDER_SHAPES: Readonly<Record<string, Fields>> = {
    "aws:ec2/securityGroup:SecurityGroup": SECURITY_GROUP,
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": SECURITY_GROUP,
    "aws:ec2/securityGroupRule:SecurityGroupRule": { ...INGRESS_BLOCK, type: "string", securityGroupId: "string", sourceSecurityGroupId: "string" },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": VPC_RULE,
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": VPC_RULE,
    "aws:ec2/networkAcl:NetworkAcl": { ingress: { blocks: NACL_BLOCK }, egress: { blocks: NACL_BLOCK }, subnetIds: "strings", vpcId: "string" },
    "aws:ec2/networkAclRule:NetworkAclRule": { ruleNumber: "number", egress: "boolean", protocol: "string", ruleAction: "string", fromPort: "number", toPort: "number", icmpType: "number", cidrBlock: "string", ipv6CidrBlock: "string", networkAclId: "string" },
    "aws:lb/listener:Listener": LISTENER,
    "aws:alb/listener:Listener": LISTENER,
    "aws:lb/targetGroup:TargetGroup": TARGET_GROUP,
    "aws:alb/targetGroup:TargetGroup": TARGET_GROUP,
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": { port: "number", targetId: "string", targetGroupArn: "string" },
    "aws:ec2/vpc:Vpc": { cidrBlock: "string", enableDnsHostnames: "boolean", enableDnsSupport: "boolean" },
    "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation": { cidrBlock: "string", vpcId: "string" },
    "aws:ec2/subnet:Subnet": { cidrBlock: "string", availabilityZone: "string", mapPublicIpOnLaunch: "boolean", vpcId: "string" },
    "aws:ec2/routeTable:RouteTable": { routes: { blocks: { cidrBlock: "string", ipv6CidrBlock: "string", gatewayId: "string" } } },
    "aws:ec2/route:Route": { destinationCidrBlock: "string", destinationIpv6CidrBlock: "string", gatewayId: "string", routeTableId: "string" },
    "aws:ec2/vpcEndpoint:VpcEndpoint": {
        vpcEndpointType: "string",
        serviceName: "string",
        privateDnsEnabled: "boolean",
        routeTableIds: "strings",
        securityGroupIds: "strings",
        subnetIds: "strings",
        policy: "string",
        vpcId: "string",
    },
    "aws:ec2/vpcEndpointService:VpcEndpointService": { acceptanceRequired: "boolean", allowedPrincipals: "strings", networkLoadBalancerArns: "strings", gatewayLoadBalancerArns: "strings" },
    "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple": { principalArn: "string" },
    "aws:lb/loadBalancer:LoadBalancer": LOAD_BALANCER,
    "aws:alb/loadBalancer:LoadBalancer": LOAD_BALANCER,
    "aws:ec2/flowLog:FlowLog": { trafficType: "string", maxAggregationInterval: "number", logDestinationType: "string", logDestination: "string", vpcId: "string", subnetId: "string", eniId: "string" },
    "aws:cloudwatch/logGroup:LogGroup": { retentionInDays: "number", kmsKeyId: "string" },
    "aws:ec2/instance:Instance": {
        associatePublicIpAddress: "boolean",
        metadataOptions: METADATA_OPTIONS,
        userData: "string",
        userDataBase64: "string",
        subnetId: "string",
        privateIp: "string",
        vpcSecurityGroupIds: "strings",
    },
    "aws:ec2/networkInterface:NetworkInterface": { subnetId: "string", securityGroups: "strings", privateIp: "string" },
    "aws:ec2/launchTemplate:LaunchTemplate": { metadataOptions: METADATA_OPTIONS, userData: "string" },
    "aws:iam/role:Role": { assumeRolePolicy: "string", managedPolicyArns: "strings", inlinePolicies: { blocks: { name: "string", policy: "string" } } },
    "aws:iam/rolePolicy:RolePolicy": { policy: "string", name: "string" },
    "aws:iam/policy:Policy": { policy: "string" },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { policyArn: "string" },
    "aws:s3/bucketPolicy:BucketPolicy": { policy: "string" },
};

const NOT_CONVERTED = Symbol("no provider stores this value in this shape");

/** The key Pulumi marks secrets, assets and resource references with in state: such a value is opaque here. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";

function isBlock(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `value` as the provider stores it in a field of `shape`, or NOT_CONVERTED. Absent and unknown values stay as they are. */
function converted(value: unknown, shape: Shape): unknown {
    if (value === undefined || value === null || isUnknown(value) || (isBlock(value) && SIG_KEY in value)) {
        return value;
    }
    switch (shape) {
        case "string":
            // Policy documents may be objects in an export (the provider serialises them); rules parse both.
            return typeof value === "string" || isBlock(value) ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : NOT_CONVERTED;
        case "number":
            if (typeof value === "number") {
                return Number.isFinite(value) ? value : NOT_CONVERTED;
            }
            return typeof value === "string" && /^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : NOT_CONVERTED;
        case "boolean":
            return typeof value === "boolean" ? value : value === "true" || value === "false" ? value === "true" : NOT_CONVERTED;
        case "strings": {
            const list = Array.isArray(value) ? value : [value];
            const items = list.map((item) => converted(item, "string"));
            return items.some((item) => item === NOT_CONVERTED || isBlock(item)) ? NOT_CONVERTED : items;
        }
    }
    if ("blocks" in shape) {
        const list = Array.isArray(value) ? value : [value];
        if (!list.every((item) => isBlock(item) || isUnknown(item))) {
            return NOT_CONVERTED;
        }
        const blocks = list.map((item) => (isUnknown(item) ? item : convertedBlock(item as Record<string, unknown>, shape.blocks)));
        return blocks.includes(NOT_CONVERTED) ? NOT_CONVERTED : blocks;
    }
    return isBlock(value) ? convertedBlock(value, shape.block) : NOT_CONVERTED;
}

function convertedBlock(block: Record<string, unknown>, fields: Fields): Record<string, unknown> | typeof NOT_CONVERTED {
    const copy: Record<string, unknown> = { ...block };
    for (const [field, shape] of Object.entries(fields)) {
        if (Object.hasOwn(block, field)) {
            const value = converted(block[field], shape);
            if (value === NOT_CONVERTED) {
                return NOT_CONVERTED;
            }
            copy[field] = value;
        }
    }
    return copy;
}

/**
 * The props of a resource of `type` with each field a rule reads in the shape the provider
 * stores it. A value no provider would store is left as written: the rules' own type guards
 * see it, and the offline commands refuse the export before the pack runs (see {@link shapeProblems}).
 */
export function providerShaped<P>(type: string, props: P): P {
    const fields = PROVIDER_SHAPES[type];
    if (!fields || !isBlock(props)) {
        return props;
    }
    const copy: Record<string, unknown> = { ...props };
    for (const [field, shape] of Object.entries(fields)) {
        if (Object.hasOwn(props, field)) {
            const value = converted(props[field], shape);
            if (value !== NOT_CONVERTED) {
                copy[field] = value;
            }
        }
    }
    return copy as P;
}

function expected(shape: Shape): string {
    if (typeof shape === "string") {
        return { string: "a string", number: "a whole number", boolean: "true or false", strings: "a list of strings" }[shape];
    }
    return "blocks" in shape ? "a list of objects" : "an object";
}

/** Each field of `props` (at `path`) that no provider would store, with the shape it needs; deepest field first named. */
export function shapeProblems(type: string, props: unknown): { field: string; expected: string; value: unknown }[] {
    const fields = PROVIDER_SHAPES[type];
    return fields && isBlock(props) ? fieldProblems(props, fields, "") : [];
}

function fieldProblems(block: Record<string, unknown>, fields: Fields, prefix: string): { field: string; expected: string; value: unknown }[] {
    const problems: { field: string; expected: string; value: unknown }[] = [];
    for (const [field, shape] of Object.entries(fields)) {
        const value = block[field];
        if (!Object.hasOwn(block, field) || converted(value, shape) !== NOT_CONVERTED) {
            continue;
        }
        const path = `${prefix}${field}`;
        const inner = typeof shape === "object" ? ("blocks" in shape ? shape.blocks : shape.block) : undefined;
        const items = inner ? (Array.isArray(value) ? value : [value]) : [];
        const nested = inner && items.every(isBlock) ? items.flatMap((item, i) => fieldProblems(item as Record<string, unknown>, inner, "blocks" in (shape as object) ? `${path}[${i}].` : `${path}.`)) : [];
        problems.push(...(nested.length > 0 ? nested : [{ field: path, expected: expected(shape), value }]));
    }
    return problems;
}
