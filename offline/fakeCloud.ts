import * as pulumi from "@pulumi/pulumi";
import { parseCidr } from "../lib/cidr";
import { awsxVpcOutputs } from "./fakeAwsxVpc";
import { interfaceEndpointDnsEntries } from "./fakeEndpointDns";
import { fakeId } from "./fakeIds";
import { instanceTypeOfferings } from "./fakeInstanceOfferings";
import { stableHex } from "./stableHex";
import { FakeExistingVpc, existingVpcInvokes } from "./fakeExistingVpcs";
import { DeniableLookup, FakeInUse, quotaInvokes } from "./fakeQuotas";

export type { FakeExistingVpc } from "./fakeExistingVpcs";
export { stableHex } from "./stableHex";

/** The account and region the offline engine pretends to deploy into. */
export interface FakeAccount {
    readonly accountId: string;
    readonly region: string;
    readonly partition: string;
    /** Availability zone names the region reports as available. */
    readonly availabilityZones: readonly string[];
    /** Applied Service Quotas values by quota code. @default FAKE_APPLIED_QUOTAS (the AWS defaults, 32 on-demand vCPUs) */
    readonly appliedQuotas?: Readonly<Record<string, number>>;
    /** What the account holds that counts against quotas. @default the default VPC only */
    readonly inUse?: FakeInUse;
    /** Lookups the account refuses as not permitted. @default none */
    readonly deniedLookups?: readonly DeniableLookup[];
}

export const DEFAULT_ACCOUNT: FakeAccount = {
    accountId: "123456789012",
    region: "ap-northeast-2",
    partition: "aws",
    availabilityZones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"],
};

/** A fixed answer for one invoke token, given its arguments. */
export type InvokeAnswer = (args: Record<string, unknown>, account: FakeAccount) => Record<string, unknown>;


/**
 * A deterministic stand-in for AWS behind Pulumi's mocks: gives every resource a stable ID
 * and the computed outputs a real deployment would have (ARNs, DNS names, private IPs from
 * the subnet's block), and answers the invokes the program makes. An invoke it has no answer
 * for is an error, so a new lookup in the program cannot slip through unnoticed.
 */
export class FakeCloud implements pulumi.runtime.Mocks {
    private readonly byId = new Map<string, Record<string, unknown>>();
    private readonly ipsUsed = new Map<string, number>();
    private readonly invokes: Record<string, InvokeAnswer>;

    constructor(
        readonly account: FakeAccount = DEFAULT_ACCOUNT,
        extraInvokes: Readonly<Record<string, InvokeAnswer>> = {},
        existingVpcs: readonly FakeExistingVpc[] = [],
    ) {
        this.invokes = { ...STANDARD_INVOKES, ...quotaInvokes(account), ...existingVpcInvokes(existingVpcs, account), ...extraInvokes };
        for (const vpc of existingVpcs) {
            for (const subnet of vpc.subnets) {
                this.byId.set(subnet.id, { cidrBlock: subnet.cidrBlock, availabilityZone: subnet.availabilityZone, vpcId: subnet.vpcId ?? vpc.id });
            }
        }
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const answer = this.invokes[args.token];
        try {
            if (!answer) {
                throw new Error(
                    `offline engine: no answer for invoke ${args.token}(${JSON.stringify(args.inputs)}); add one to offline/fakeCloud.ts`,
                );
            }
            return answer(args.inputs as Record<string, unknown>, this.account);
        } catch (error) {
            // The SDK rebuilds invoke errors from a gRPC error's `details`; without it the message is lost.
            throw Object.assign(error as Error, { details: (error as Error).message });
        }
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        const inputs = args.inputs as Record<string, unknown>;
        if (args.type === "awsx:ec2:Vpc") {
            return { id: undefined, state: awsxVpcOutputs(args.name, inputs, this.account, (id, state) => this.byId.set(id, state)) };
        }
        if (args.custom === false) {
            return { id: undefined, state: {} };
        }
        const id = args.id || fakeId(args.type, args.name);
        const state = { name: args.name, ...inputs, ...this.computed(args.type, args.name, id, inputs) };
        this.byId.set(id, state);
        return { id, state };
    }

    private arn(service: string, resource: string, global = false): string {
        const { partition, region, accountId } = this.account;
        return `arn:${partition}:${service}:${global ? "" : region}:${service === "s3" ? "" : accountId}:${resource}`;
    }

    /** The outputs AWS computes for a resource of this type. */
    private computed(type: string, name: string, id: string, inputs: Record<string, unknown>): Record<string, unknown> {
        const { region, accountId } = this.account;
        const hex = stableHex(`${type}::${name}`, 8);
        switch (type) {
            case "aws:ec2/vpc:Vpc":
                return {
                    arn: this.arn("ec2", `vpc/${id}`),
                    defaultSecurityGroupId: `sg-${stableHex(`${id}-default-sg`)}`,
                    defaultNetworkAclId: `acl-${stableHex(`${id}-default-acl`)}`,
                    mainRouteTableId: `rtb-${stableHex(`${id}-main-rtb`)}`,
                    ownerId: accountId,
                };
            case "aws:ec2/subnet:Subnet":
                return { arn: this.arn("ec2", `subnet/${id}`), ownerId: accountId };
            case "aws:ec2/securityGroup:SecurityGroup":
            case "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":
                return { arn: this.arn("ec2", `security-group/${id}`), ownerId: accountId };
            case "aws:ec2/eip:Eip":
                return { allocationId: id, publicIp: this.testNetAddress(id), publicDns: `ec2-${hex}.${region}.compute.amazonaws.com` };
            case "aws:ec2/natGateway:NatGateway":
                return { publicIp: this.testNetAddress(id), privateIp: this.nextIp(inputs.subnetId), networkInterfaceId: `eni-${stableHex(`${id}-eni`)}` };
            case "aws:ec2/instance:Instance": {
                const privateIp = this.nextIp(inputs.subnetId);
                const publicIp = inputs.associatePublicIpAddress === true ? this.testNetAddress(id) : "";
                return {
                    arn: this.arn("ec2", `instance/${id}`),
                    privateIp,
                    privateDns: `ip-${privateIp.replace(/\./g, "-")}.${region}.compute.internal`,
                    publicIp,
                    publicDns: publicIp ? `ec2-${publicIp.replace(/\./g, "-")}.${region}.compute.amazonaws.com` : "",
                    primaryNetworkInterfaceId: `eni-${stableHex(`${id}-eni`)}`,
                    instanceState: "running",
                };
            }
            case "aws:ec2/vpcEndpoint:VpcEndpoint":
                return this.vpcEndpoint(id, inputs);
            case "aws:ec2/vpcEndpointService:VpcEndpointService":
                return {
                    arn: this.arn("ec2", `vpc-endpoint-service/${id}`),
                    serviceName: `com.amazonaws.vpce.${region}.${id}`,
                    serviceType: "Interface",
                    state: "Available",
                    baseEndpointDnsNames: [`${id}.${region}.vpce.amazonaws.com`],
                    availabilityZones: [...this.account.availabilityZones],
                };
            case "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter":
                return { vpcEndpointState: "available" };
            case "aws:lb/loadBalancer:LoadBalancer": {
                const lbName = String(inputs.name ?? name).slice(0, 32);
                return {
                    arn: this.arn("elasticloadbalancing", `loadbalancer/net/${lbName}/${hex}${hex}`),
                    arnSuffix: `net/${lbName}/${hex}${hex}`,
                    dnsName: `${inputs.internal === true ? "internal-" : ""}${lbName}-${hex}.elb.${region}.amazonaws.com`,
                    zoneId: "ZIBE1TIR4HY56",
                };
            }
            case "aws:lb/targetGroup:TargetGroup":
                return { arn: this.arn("elasticloadbalancing", `targetgroup/${String(inputs.name ?? name).slice(0, 32)}/${hex}${hex}`) };
            case "aws:lb/listener:Listener":
                return { arn: this.arn("elasticloadbalancing", `listener/net/${name}/${hex}`) };
            case "aws:cloudwatch/logGroup:LogGroup": {
                // AWS (the provider) completes a namePrefix with a 26-character unique suffix.
                const groupName = String(inputs.name ?? (typeof inputs.namePrefix === "string" ? `${inputs.namePrefix}${stableHex(`${id}-name`, 26)}` : name));
                return { name: groupName, arn: this.arn("logs", `log-group:${groupName}`) };
            }
            case "aws:iam/role:Role":
            case "aws:iam/instanceProfile:InstanceProfile": {
                const roleName = String(inputs.name ?? name);
                const kind = type === "aws:iam/role:Role" ? "role" : "instance-profile";
                return { name: roleName, arn: this.arn("iam", `${kind}/${roleName}`, true), uniqueId: `AROA${hex.toUpperCase()}` };
            }
            case "aws:iam/policy:Policy":
                return { arn: this.arn("iam", `policy/${String(inputs.name ?? name)}`, true) };
            case "aws:s3/bucket:Bucket":
            case "aws:s3/bucketV2:BucketV2": {
                const bucket = String(inputs.bucket ?? `${name}-${hex}`);
                return {
                    bucket,
                    arn: this.arn("s3", bucket, true),
                    bucketDomainName: `${bucket}.s3.amazonaws.com`,
                    bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
                    region,
                };
            }
            case "aws:kms/key:Key":
                return { arn: this.arn("kms", `key/${id}`), keyId: id };
            case "aws:kms/alias:Alias":
                return { arn: this.arn("kms", String(inputs.name ?? name)) };
            case "aws:ec2/flowLog:FlowLog":
                return { arn: this.arn("ec2", `vpc-flow-log/${id}`) };
            case "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint": {
                const subnet = typeof inputs.subnetId === "string" ? this.byId.get(inputs.subnetId) : undefined;
                return {
                    arn: this.arn("ec2", `instance-connect-endpoint/${id}`),
                    dnsName: `${id}.${stableHex(`${id}-dns`, 8)}.ec2-instance-connect-endpoint.${region}.amazonaws.com`,
                    fipsDnsName: `${id}.${stableHex(`${id}-dns`, 8)}.fips.ec2-instance-connect-endpoint.${region}.amazonaws.com`,
                    networkInterfaceIds: [`eni-${stableHex(`${id}-eni`)}`],
                    availabilityZone: subnet?.availabilityZone ?? `${region}a`,
                    vpcId: subnet?.vpcId ?? "",
                    ownerId: accountId,
                    preserveClientIp: inputs.preserveClientIp ?? true,
                };
            }
            default:
                return {};
        }
    }

    private vpcEndpoint(id: string, inputs: Record<string, unknown>): Record<string, unknown> {
        const { region, accountId } = this.account;
        const service = String(inputs.serviceName ?? "");
        const type = String(inputs.vpcEndpointType ?? "Gateway");
        if (type === "Gateway") {
            return {
                arn: this.arn("ec2", `vpc-endpoint/${id}`),
                prefixListId: `pl-${stableHex(service, 8)}`,
                cidrBlocks: [],
                dnsEntries: [],
                networkInterfaceIds: [],
                state: "available",
                ownerId: accountId,
            };
        }
        const subnetIds = (inputs.subnetIds as string[] | undefined) ?? [];
        const zones = subnetIds.map((subnetId) => this.byId.get(subnetId)?.availabilityZone as string | undefined);
        const dnsEntries = interfaceEndpointDnsEntries(id, service, region, zones, inputs.privateDnsEnabled === true);
        const endpointServiceState = service.startsWith("com.amazonaws.vpce.") ? "pendingAcceptance" : "available";
        return {
            arn: this.arn("ec2", `vpc-endpoint/${id}`),
            dnsEntries,
            networkInterfaceIds: subnetIds.map((subnet) => `eni-${stableHex(`${id}-${subnet}`)}`),
            state: endpointServiceState,
            ownerId: accountId,
            requesterManaged: false,
        };
    }

    /** The next free host address of the subnet with this ID (AWS reserves the first four). */
    private nextIp(subnetId: unknown): string {
        const subnet = typeof subnetId === "string" ? this.byId.get(subnetId) : undefined;
        const block = subnet ? parseCidr(String(subnet.cidrBlock ?? "")) : undefined;
        if (!block || typeof subnetId !== "string") {
            return "10.255.255.10";
        }
        const used = (this.ipsUsed.get(subnetId) ?? 9) + 1;
        this.ipsUsed.set(subnetId, used);
        const address = block.network + used;
        return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
    }

    /** A public-looking address from TEST-NET-3 (203.0.113.0/24), reserved for documentation. */
    private testNetAddress(seed: string): string {
        return `203.0.113.${(parseInt(stableHex(seed, 4), 16) % 250) + 1}`;
    }
}

/** Answers for the provider functions the program calls. */
const STANDARD_INVOKES: Readonly<Record<string, InvokeAnswer>> = {
    "aws:index/getRegion:getRegion": (_args, a) => ({
        id: a.region,
        name: a.region,
        region: a.region,
        description: a.region,
        endpoint: `ec2.${a.region}.amazonaws.com`,
    }),
    "aws:index/getCallerIdentity:getCallerIdentity": (_args, a) => ({
        id: a.accountId,
        accountId: a.accountId,
        arn: `arn:${a.partition}:iam::${a.accountId}:user/offline-plan`,
        userId: "AIDAOFFLINEPLAN",
    }),
    // The role behind an assumed-role session ARN, as the provider resolves it (the real
    // lookup also finds the role's path; the fake roles have none).
    "aws:iam/getSessionContext:getSessionContext": (args) => {
        const arn = String(args.arn);
        const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
        if (!session) {
            return { id: arn, arn, issuerArn: arn, issuerId: "", issuerName: "", sessionName: "" };
        }
        const [, partition, accountId, roleName, sessionName] = session;
        return {
            id: arn,
            arn,
            issuerArn: `arn:${partition}:iam::${accountId}:role/${roleName}`,
            issuerId: `AROA${stableHex(roleName, 16).toUpperCase()}`,
            issuerName: roleName,
            sessionName,
        };
    },
    "aws:index/getPartition:getPartition": (_args, a) => ({
        id: a.partition,
        partition: a.partition,
        dnsSuffix: "amazonaws.com",
        reverseDnsPrefix: "com.amazonaws",
    }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_args, a) => ({
        id: a.region,
        names: [...a.availabilityZones],
        zoneIds: a.availabilityZones.map((_z, i) => `${a.region.replace(/-/g, "").slice(0, 5)}-az${i + 1}`),
        groupNames: [a.region],
    }),
    "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings": instanceTypeOfferings,
    // Asked only for services config/endpointServices.ts does not know; the fake knows no better
    // than to offer them (the offline run warns that it cannot tell).
    "aws:ec2/getVpcEndpointService:getVpcEndpointService": (args, a) => {
        const serviceName = `com.amazonaws.${a.region}.${String(args.service)}`;
        return { id: serviceName, service: args.service, serviceName, serviceType: "Interface", serviceId: `vpce-svc-${stableHex(serviceName, 17)}`, owner: "amazon", availabilityZones: [...a.availabilityZones], privateDnsName: `${String(args.service)}.${a.region}.amazonaws.com`, acceptanceRequired: false };
    },
    "aws:ssm/getParameter:getParameter": (args) => {
        const name = String(args.name);
        if (!name.startsWith("/aws/service/")) {
            throw new Error(`offline engine: no SSM parameter ${name}; only public /aws/service/ parameters are answered`);
        }
        return { id: name, name, type: "String", value: `ami-${stableHex(name)}`, insecureValue: `ami-${stableHex(name)}`, version: 1, arn: name };
    },
};
