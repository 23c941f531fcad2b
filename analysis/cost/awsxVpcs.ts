import { PolicyResource } from "@pulumi/policy";
import { toKnowable } from "../stack/knowable";
import { AWSX_VPC_TYPE } from "../stack/awsxVpcs";
import { Classified, natGatewayCharge, natUsage, publicIpv4 } from "./billables";

/**
 * The NAT gateways an `awsx.ec2.Vpc` builds when its children are not in the records (the
 * offline engine sees the component as one opaque resource): read from its `natGateways`
 * output, else worked out from its inputs as awsx does (a strategy of None, Single or
 * OnePerAz over the zones that have public subnets). Each public NAT gateway of awsx also
 * holds an Elastic IP. With any of its children in the records (a real preview or stack
 * export) the component adds nothing: its NAT gateways and Elastic IPs are priced as themselves.
 */
export function awsxVpcCosts(resources: readonly PolicyResource[]): Map<string, Classified> {
    const parents = new Set(resources.map((r) => r.parent?.urn).filter((urn): urn is string => urn !== undefined));
    const costs = new Map<string, Classified>();
    for (const vpc of resources.filter((r) => r.type === AWSX_VPC_TYPE && !parents.has(r.urn))) {
        const count = natGatewayCount(toKnowable(vpc.props) as Record<string, unknown>);
        const label = `awsx VPC ${vpc.name}`;
        if (count === undefined) {
            // Not silently zero: an unpriced charge makes the total a lower bound and the budget policy say so.
            const missing = "the number of NAT gateways of an awsx VPC cannot be read from its outputs or inputs";
            costs.set(vpc.urn, { charges: [{ ...natGatewayCharge(), rate: () => ({ missing }) }], usage: [natUsage] });
            continue;
        }
        costs.set(vpc.urn, {
            charges: count > 0 ? [{ ...natGatewayCharge(), quantity: count }, publicIpv4(count)] : [],
            usage: count > 0 ? [natUsage] : [],
            notes: [`${label} is opaque in these records: ${count} NAT gateway(s) read from its natGateways`],
        });
    }
    return costs;
}

function natGatewayCount(props: Record<string, unknown>): number | undefined {
    const nat = props.natGateways;
    if (Array.isArray(nat)) {
        return nat.length;
    }
    if (nat !== undefined && (nat === null || typeof nat !== "object")) {
        return undefined;
    }
    // awsx's default, with or without a natGateways argument, is one NAT gateway per zone.
    const strategy = (nat as { strategy?: unknown } | undefined)?.strategy ?? "OnePerAz";
    const specs = props.subnetSpecs;
    const zones = props.availabilityZoneNames;
    if (!Array.isArray(specs) || !Array.isArray(zones)) {
        return strategy === "None" ? 0 : undefined;
    }
    const hasPublic = specs.some((spec) => (spec as { type?: unknown }).type === "Public");
    return !hasPublic || strategy === "None" ? 0 : strategy === "Single" ? 1 : zones.length;
}
