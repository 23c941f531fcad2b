import { RecordedResource } from "../../lib/records";
import { isSecret, nameTag, ResourceGraph } from "./resourceGraph";

/** What the tree shows of a standalone security group rule, ingress or egress. */
const SECURITY_GROUP_RULE_FIELDS = ["securityGroupId", "ipProtocol", "fromPort", "toPort", "cidrIpv4", "cidrIpv6", "referencedSecurityGroupId", "prefixListId"];

/**
 * The inputs worth a glance, by resource type: what makes the resource what it is (CIDRs,
 * zones, targets, types, exposure). Types not listed show their first few short scalar inputs.
 */
const KEY_INPUTS: Readonly<Record<string, readonly string[]>> = {
    "aws:ec2/vpc:Vpc": ["cidrBlock", "enableDnsSupport", "enableDnsHostnames"],
    "aws:ec2/subnet:Subnet": ["cidrBlock", "availabilityZone", "vpcId", "mapPublicIpOnLaunch"],
    "aws:ec2/internetGateway:InternetGateway": ["vpcId"],
    "aws:ec2/eip:Eip": ["domain"],
    "aws:ec2/natGateway:NatGateway": ["subnetId", "connectivityType", "allocationId"],
    "aws:ec2/routeTable:RouteTable": ["vpcId", "routes"],
    "aws:ec2/route:Route": [
        "routeTableId",
        "destinationCidrBlock",
        "destinationIpv6CidrBlock",
        "destinationPrefixListId",
        "gatewayId",
        "natGatewayId",
        "vpcEndpointId",
        "networkInterfaceId",
        "transitGatewayId",
        "vpcPeeringConnectionId",
    ],
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ["subnetId", "gatewayId", "routeTableId"],
    "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation": ["vpcId", "routeTableId"],
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ["vpcId", "ingress", "egress"],
    "aws:ec2/securityGroup:SecurityGroup": ["vpcId", "ingress", "egress"],
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": SECURITY_GROUP_RULE_FIELDS,
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": SECURITY_GROUP_RULE_FIELDS,
    "aws:ec2/networkAcl:NetworkAcl": ["vpcId", "subnetIds"],
    "aws:ec2/networkAclRule:NetworkAclRule": ["networkAclId", "ruleNumber", "egress", "protocol", "ruleAction", "cidrBlock"],
    "aws:ec2/networkAclAssociation:NetworkAclAssociation": ["networkAclId", "subnetId"],
    "aws:ec2/vpcEndpoint:VpcEndpoint": ["vpcEndpointType", "serviceName", "subnetIds", "routeTableIds", "securityGroupIds", "privateDnsEnabled"],
    "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation": ["vpcEndpointId", "routeTableId"],
    "aws:ec2/vpcEndpointService:VpcEndpointService": ["acceptanceRequired", "networkLoadBalancerArns", "allowedPrincipals"],
    "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple": ["vpcEndpointServiceId", "principalArn"],
    "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter": ["vpcEndpointServiceId", "vpcEndpointId"],
    "aws:ec2/instance:Instance": ["instanceType", "subnetId", "associatePublicIpAddress", "vpcSecurityGroupIds", "iamInstanceProfile", "metadataOptions.httpTokens"],
    "aws:lb/loadBalancer:LoadBalancer": ["loadBalancerType", "internal", "subnets", "subnetMappings"],
    "aws:lb/targetGroup:TargetGroup": ["protocol", "port", "targetType", "vpcId"],
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": ["targetGroupArn", "targetId", "port"],
    "aws:lb/listener:Listener": ["loadBalancerArn", "protocol", "port"],
    "aws:ec2/flowLog:FlowLog": ["vpcId", "subnetId", "eniId", "trafficType", "logDestinationType", "logDestination", "maxAggregationInterval"],
    "aws:cloudwatch/logGroup:LogGroup": ["name", "retentionInDays", "kmsKeyId"],
    "aws:iam/role:Role": ["name", "managedPolicyArns"],
    "aws:iam/rolePolicy:RolePolicy": ["role"],
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["role", "policyArn"],
    "aws:iam/instanceProfile:InstanceProfile": ["role"],
    "aws:s3/bucket:Bucket": ["bucket", "forceDestroy"],
    "aws:s3/bucketV2:BucketV2": ["bucket", "forceDestroy"],
    "aws:s3/bucketPolicy:BucketPolicy": ["bucket"],
    "aws:kms/key:Key": ["enableKeyRotation", "deletionWindowInDays"],
};

const MAX_VALUE = 60;
const GENERIC_COUNT = 4;

/**
 * The key inputs of a resource as `key=value` strings. A value that is the ID or ARN of
 * another resource of the stack is shown as `→<its name>`, so the tree reads as references.
 */
export function keyInputs(resource: RecordedResource, graph: ResourceGraph): string[] {
    const inputs = resource.inputs;
    const keys =
        KEY_INPUTS[resource.type] ??
        Object.keys(inputs)
            .filter((key) => key !== "tags" && key !== "tagsAll" && isShortScalar(inputs[key]))
            .slice(0, GENERIC_COUNT);
    return keys
        .map((key): [string, unknown] => [key, key.split(".").reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], inputs)])
        .filter(([, value]) => value !== undefined && value !== null)
        .map(([key, value]) => `${key}=${showValue(value, graph)}`);
}

/** A security group rule as `tcp 443 10.0.0.0/16`: protocol, ports, peers. */
function showRule(rule: Record<string, unknown>, graph: ResourceGraph): string {
    const protocol = String(rule.protocol ?? rule.ipProtocol ?? "?");
    const from = rule.fromPort;
    const to = rule.toPort;
    const ports = protocol === "-1" ? "all" : from === to || to === undefined ? `${protocol} ${from}` : `${protocol} ${from}-${to}`;
    const peers = ["cidrBlocks", "ipv6CidrBlocks", "prefixListIds", "securityGroups"].flatMap((key) =>
        Array.isArray(rule[key]) ? (rule[key] as unknown[]).map((peer) => showValue(peer, graph)) : [],
    );
    if (rule.self === true) {
        peers.push("self");
    }
    return `${ports} ${peers.join(",") || "-"}`;
}

function isRuleList(value: unknown): value is Record<string, unknown>[] {
    return Array.isArray(value) && value.length > 0 && value.every((item) => item !== null && typeof item === "object" && ("fromPort" in item || "protocol" in item));
}

function isShortScalar(value: unknown): boolean {
    return typeof value === "number" || typeof value === "boolean" || (typeof value === "string" && value.length <= MAX_VALUE && !value.includes("\n"));
}

function showValue(value: unknown, graph: ResourceGraph): string {
    if (isSecret(value)) {
        return "[secret]";
    }
    if (isRuleList(value)) {
        return `[${value.map((rule) => showRule(rule, graph)).join("; ")}]`;
    }
    if (Array.isArray(value)) {
        return `[${value.map((item) => showValue(item, graph)).join(", ")}]`;
    }
    if (typeof value === "string") {
        const target = graph.byValue(value);
        if (target) {
            return `→${target.name}`;
        }
        return value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE - 1)}…` : value;
    }
    if (value !== null && typeof value === "object") {
        const text = JSON.stringify(value);
        return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
    }
    return String(value);
}

/** One line of the tree for a resource: type, name, Name tag and key inputs. */
function describe(resource: RecordedResource, graph: ResourceGraph): string {
    const tag = nameTag(resource);
    const parts = [resource.type, resource.name];
    if (tag && tag !== resource.name) {
        parts.push(`"${tag}"`);
    }
    const inputs = resource.custom ? keyInputs(resource, graph) : [];
    return [parts.join("  "), ...(inputs.length > 0 ? [inputs.join(" ")] : [])].join("  ");
}

/**
 * The resource tree as lines: each component above its children in registration order,
 * drawn with box characters, roots (the stack, providers) at the left margin.
 */
export function renderTree(resources: readonly RecordedResource[], graph = new ResourceGraph(resources)): string[] {
    const lines: string[] = [];
    const visit = (resource: RecordedResource, prefix: string, connector: string) => {
        lines.push(`${prefix}${connector}${describe(resource, graph)}`);
        const children = graph.childrenOf(resource.urn);
        const childPrefix = prefix + (connector === "" ? "" : connector === "└─ " ? "   " : "│  ");
        children.forEach((child, index) => visit(child, childPrefix, index === children.length - 1 ? "└─ " : "├─ "));
    };
    for (const root of graph.roots()) {
        visit(root, "", "");
    }
    return lines;
}
