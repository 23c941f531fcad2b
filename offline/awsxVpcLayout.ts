import { fakeId } from "./fakeIds";

/** One resource `awsx.ec2.Vpc` creates inside its component, with its inputs resolved. */
export interface AwsxChild {
    readonly type: string;
    readonly name: string;
    /** The child it is parented to (its index in the list); undefined: the awsx component itself. */
    readonly parent?: number;
    /** The ID the fake account gives it. */
    readonly id: string;
    /** Inputs with references to siblings resolved to their IDs. */
    readonly inputs: Record<string, unknown>;
    /** Per input, the siblings (indexes) its value came from. */
    readonly inputSources: Readonly<Record<string, readonly number[]>>;
    /** Siblings (indexes) named in `dependsOn`. */
    readonly dependsOn: readonly number[];
    /** awsx's subnet type, for subnets. */
    readonly subnetType?: "Public" | "Private" | "Isolated";
}

/** The awsx.ec2.Vpc arguments the layout reads (as the mock engine receives them). */
interface AwsxVpcInputs {
    readonly cidrBlock?: string;
    readonly enableDnsHostnames?: boolean;
    readonly enableDnsSupport?: boolean;
    readonly availabilityZoneNames?: readonly string[];
    readonly subnetSpecs?: readonly { readonly type: "Public" | "Private" | "Isolated" | "Unused"; readonly name?: string; readonly cidrBlocks?: readonly string[]; readonly tags?: Record<string, string> }[];
    readonly natGateways?: { readonly strategy?: string };
    readonly tags?: Record<string, string>;
}

const TYPE_ORDER = { Public: 0, Private: 1, Isolated: 2 } as const;
const VPC_INPUTS = ["cidrBlock", "enableDnsHostnames", "enableDnsSupport", "instanceTenancy", "enableNetworkAddressUsageMetrics", "assignGeneratedIpv6CidrBlock"] as const;

/**
 * What pulumi/pulumi-awsx `awsx/ec2/vpc.ts` (v3) registers for a VPC with explicit subnet
 * CIDRs (the Auto strategy's explicit layout, the only one this package uses), in its order:
 *
 * - `aws.ec2.Vpc` named like the component, tags `{Name: <component name>, ...tags}`;
 * - `aws.ec2.InternetGateway` of the same name under the VPC, created even with no public
 *   subnet (AWS does not charge for it, so awsx always makes one);
 * - per zone, public before private before isolated, a subnet `<name>-<spec name>-<zone number>`
 *   under the VPC (`mapPublicIpOnLaunch` for public ones, tags `Name` and `SubnetType`), its own
 *   route table of the same name under the subnet, the association under the route table; for
 *   a public subnet that hosts a NAT gateway (OnePerAz: every zone; Single: the first) an
 *   `aws.ec2.Eip` and `aws.ec2.NatGateway` `<name>-<zone number>` under the subnet; a
 *   `0.0.0.0/0` route to the internet gateway (public) or the NAT gateway (private).
 */
export function awsxVpcChildren(name: string, raw: Record<string, unknown>, defaultZones: readonly string[]): AwsxChild[] {
    const args = raw as AwsxVpcInputs;
    const zones = args.availabilityZoneNames ?? defaultZones.slice(0, 3);
    const strategy = (args.natGateways?.strategy ?? "OnePerAz").toLowerCase();
    const sharedTags = { Name: name, ...args.tags };
    const children: AwsxChild[] = [];
    const add = (child: Omit<AwsxChild, "id" | "inputSources" | "dependsOn"> & { refs?: Record<string, number>; dependsOn?: number[] }): number => {
        const { refs = {}, dependsOn = [], ...rest } = child;
        const inputs = { ...rest.inputs };
        const inputSources: Record<string, number[]> = {};
        for (const key of Object.keys(inputs)) {
            inputSources[key] = key in refs ? [refs[key]] : [];
        }
        for (const [key, index] of Object.entries(refs)) {
            // The fake account's Elastic IP allocation ID is its ID, as in AWS (eipalloc-...).
            inputs[key] = children[index].id;
            inputSources[key] = [index];
        }
        children.push({ ...rest, inputs, inputSources, dependsOn, id: fakeId(rest.type, rest.name) });
        return children.length - 1;
    };

    const vpcInputs: Record<string, unknown> = { tags: sharedTags };
    for (const key of VPC_INPUTS) {
        if (raw[key] !== undefined) {
            vpcInputs[key] = raw[key];
        }
    }
    vpcInputs.cidrBlock = args.cidrBlock ?? "10.0.0.0/16";
    const vpc = add({ type: "aws:ec2/vpc:Vpc", name, inputs: vpcInputs });
    const igw = add({ type: "aws:ec2/internetGateway:InternetGateway", name, parent: vpc, inputs: { tags: sharedTags }, refs: { vpcId: vpc }, dependsOn: [vpc] });

    const specs = (args.subnetSpecs ?? []).filter((spec) => spec.type !== "Unused") as readonly { type: "Public" | "Private" | "Isolated"; name?: string; cidrBlocks?: readonly string[]; tags?: Record<string, string> }[];
    const natGateways: number[] = [];
    zones.forEach((zone, zoneIndex) => {
        const ordered = [...specs].sort((a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type]);
        for (const spec of ordered) {
            const subnetName = `${name}-${spec.name ?? spec.type.toLowerCase()}-${zoneIndex + 1}`;
            const typeTags = { ...sharedTags, Name: subnetName, SubnetType: spec.type };
            const subnet = add({
                type: "aws:ec2/subnet:Subnet",
                name: subnetName,
                parent: vpc,
                subnetType: spec.type,
                inputs: { availabilityZone: zone, mapPublicIpOnLaunch: spec.type === "Public", cidrBlock: spec.cidrBlocks?.[zoneIndex], tags: { ...sharedTags, ...spec.tags, Name: subnetName, SubnetType: spec.type } },
                refs: { vpcId: vpc },
                dependsOn: [vpc],
            });
            const table = add({ type: "aws:ec2/routeTable:RouteTable", name: subnetName, parent: subnet, inputs: { tags: typeTags }, refs: { vpcId: vpc }, dependsOn: [subnet] });
            add({ type: "aws:ec2/routeTableAssociation:RouteTableAssociation", name: subnetName, parent: table, inputs: {}, refs: { routeTableId: table, subnetId: subnet }, dependsOn: [table] });
            if (spec.type === "Public" && (strategy === "oneperaz" ? natGateways.length < zoneIndex + 1 : strategy === "single" && natGateways.length < 1)) {
                const natTags = { ...args.tags, Name: `${name}-${zoneIndex + 1}` };
                const eip = add({ type: "aws:ec2/eip:Eip", name: `${name}-${zoneIndex + 1}`, parent: subnet, inputs: { tags: natTags }, dependsOn: [subnet] });
                natGateways.push(add({ type: "aws:ec2/natGateway:NatGateway", name: `${name}-${zoneIndex + 1}`, parent: subnet, inputs: { tags: natTags }, refs: { subnetId: subnet, allocationId: eip }, dependsOn: [subnet] }));
            }
            const routeInputs = { destinationCidrBlock: "0.0.0.0/0" };
            if (spec.type === "Public") {
                add({ type: "aws:ec2/route:Route", name: subnetName, parent: table, inputs: routeInputs, refs: { routeTableId: table, gatewayId: igw }, dependsOn: [table] });
            } else if (spec.type === "Private" && strategy !== "none" && natGateways.length > 0) {
                const nat = strategy === "single" ? natGateways[0] : natGateways[Math.min(zoneIndex, natGateways.length - 1)];
                add({ type: "aws:ec2/route:Route", name: subnetName, parent: table, inputs: routeInputs, refs: { routeTableId: table, natGatewayId: nat }, dependsOn: [table] });
            }
        }
    });
    return children;
}
