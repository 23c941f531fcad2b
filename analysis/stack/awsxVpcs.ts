import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";

/** The type token of awsx's VPC component. */
export const AWSX_VPC_TYPE = "awsx:ec2:Vpc";
const VPC_TYPE: string = (aws.ec2.Vpc as unknown as { __pulumiType: string }).__pulumiType;

/** The outputs of an awsx VPC that say what the VPC is (the `vpc` output, when it is readable). */
interface AwsxVpcOutputs {
    readonly vpcId?: unknown;
    readonly vpc?: { readonly cidrBlock?: unknown; readonly enableDnsHostnames?: unknown; readonly enableDnsSupport?: unknown; readonly id?: unknown };
}

/**
 * The stack as stack rules should see it when `awsx.ec2.Vpc` builds a VPC: resources that use
 * the VPC refer to the component's `vpcId` output, so their property dependencies name the
 * component, not the `aws:ec2/vpc:Vpc` awsx creates inside it.
 *
 * - When the component's own VPC child is in the stack (a real deployment or preview), a
 *   dependency on the component counts as one on that child (`aliases`).
 * - When it is not (records of a remote component without its children, e.g. an export an
 *   older offline plan wrote), the
 *   component stands in as the VPC: a resource of type `aws:ec2/vpc:Vpc` with the component's
 *   URN, `id` = its `vpcId` output, and the CIDR and DNS flags of its `vpc` output.
 */
export function withAwsxVpcs(resources: readonly PolicyResource[]): { resources: PolicyResource[]; aliases: Map<string, string> } {
    const aliases = new Map<string, string>();
    const standIns: PolicyResource[] = [];
    for (const component of resources.filter((r) => r.type === AWSX_VPC_TYPE)) {
        const child = resources.find((r) => r.type === VPC_TYPE && r.parent?.urn === component.urn);
        if (child) {
            aliases.set(component.urn, child.urn);
            continue;
        }
        const outputs = component.props as AwsxVpcOutputs;
        standIns.push({
            ...component,
            type: VPC_TYPE,
            props: {
                id: outputs.vpcId ?? outputs.vpc?.id,
                cidrBlock: outputs.vpc?.cidrBlock,
                enableDnsHostnames: outputs.vpc?.enableDnsHostnames,
                enableDnsSupport: outputs.vpc?.enableDnsSupport,
            },
            isType: (cls) => (cls as unknown as { __pulumiType?: string }).__pulumiType === VPC_TYPE,
            asType: () => undefined,
        } as PolicyResource);
    }
    const replaced = new Set(standIns.map((r) => r.urn));
    return { resources: [...resources.filter((r) => !replaced.has(r.urn)), ...standIns], aliases };
}
