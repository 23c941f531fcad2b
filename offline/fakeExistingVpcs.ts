import type { FakeAccount, InvokeAnswer } from "./fakeCloud";
import { stableHex } from "./stableHex";

/** A VPC that already exists in the fake account, for the existing-VPC network source. */
export interface FakeExistingVpc {
    readonly id: string;
    readonly cidrBlock: string;
    readonly enableDnsHostnames: boolean;
    readonly enableDnsSupport: boolean;
    readonly subnets: readonly {
        readonly id: string;
        readonly cidrBlock: string;
        readonly availabilityZone: string;
        /** Its route table sends 0.0.0.0/0 to an internet gateway. */
        readonly public: boolean;
        /** @default this VPC's ID */
        readonly vpcId?: string;
        /** Associated with the VPC's main route table implicitly (no explicit association). @default false */
        readonly implicitMainTable?: boolean;
    }[];
}

/** Lookups of VPCs, subnets and route tables that already exist in the fake account. */
export function existingVpcInvokes(vpcs: readonly FakeExistingVpc[], account: FakeAccount): Record<string, InvokeAnswer> {
    const notFound = (what: string) => {
        throw new Error(`offline engine: no existing ${what}; describe it in the engine's existingVpcs`);
    };
    const subnets = vpcs.flatMap((vpc) => vpc.subnets.map((subnet) => ({ ...subnet, vpcId: subnet.vpcId ?? vpc.id })));
    const table = (id: string, vpcId: string, internet: boolean, subnetId: string) => ({
        id,
        routeTableId: id,
        vpcId,
        subnetId,
        arn: `arn:${account.partition}:ec2:${account.region}:${account.accountId}:route-table/${id}`,
        routes: internet ? [{ cidrBlock: "0.0.0.0/0", gatewayId: `igw-${stableHex(vpcId)}` }] : [],
        associations: [],
        tags: {},
        ownerId: account.accountId,
    });
    return {
        "aws:ec2/getVpc:getVpc": (args) => {
            const vpc = vpcs.find((v) => v.id === args.id) ?? notFound(`VPC ${String(args.id)}`);
            return { id: vpc.id, cidrBlock: vpc.cidrBlock, enableDnsHostnames: vpc.enableDnsHostnames, enableDnsSupport: vpc.enableDnsSupport, ownerId: account.accountId, state: "available" };
        },
        "aws:ec2/getSubnet:getSubnet": (args) => {
            const subnet = subnets.find((s) => s.id === args.id) ?? notFound(`subnet ${String(args.id)}`);
            return { id: subnet.id, vpcId: subnet.vpcId, cidrBlock: subnet.cidrBlock, availabilityZone: subnet.availabilityZone, state: "available" };
        },
        "aws:ec2/getRouteTable:getRouteTable": (args) => {
            if (args.subnetId) {
                const subnet = subnets.find((s) => s.id === args.subnetId) ?? notFound(`subnet ${String(args.subnetId)}`);
                if (subnet.implicitMainTable) {
                    notFound(`route table associated with ${subnet.id}`);
                }
                return table(`rtb-${stableHex(`${subnet.id}-rt`)}`, subnet.vpcId, subnet.public, subnet.id);
            }
            const vpc = vpcs.find((v) => v.id === args.vpcId) ?? notFound(`VPC ${String(args.vpcId)}`);
            const mainIsPublic = vpc.subnets.some((s) => s.implicitMainTable && s.public);
            return table(`rtb-${stableHex(`${vpc.id}-main`)}`, vpc.id, mainIsPublic, "");
        },
    };
}
