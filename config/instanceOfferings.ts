import * as aws from "@pulumi/aws";
import { Problem } from "../lib/errors";
import { qualified } from "./keys";

/** Small instance types to suggest instead, cheapest first; the first offered in both lab zones is named in the fix. */
export const FALLBACK_INSTANCE_TYPES: readonly string[] = ["t4g.nano", "t3.nano", "t4g.micro", "t3.micro", "t3a.micro", "t2.micro"];

/** Which zones offer which instance types: `zone -> types`, from `ec2:DescribeInstanceTypeOfferings`. */
export type Offerings = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * Looks up, in one call, which of the lab's instance type and the fallbacks every available
 * zone offers (`aws ec2 describe-instance-type-offerings --location-type availability-zone`).
 * A lookup, not a resource: it runs before anything is registered.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-discovery.html
 */
export async function lookUpOfferings(instanceType: string, zones: readonly string[]): Promise<Offerings> {
    const result = await aws.ec2.getInstanceTypeOfferings({
        locationType: "availability-zone",
        filters: [
            { name: "instance-type", values: [...new Set([instanceType, ...FALLBACK_INSTANCE_TYPES])] },
            { name: "location", values: [...zones] },
        ],
    });
    const offerings = new Map<string, Set<string>>();
    result.locations.forEach((zone, i) => {
        const types = offerings.get(zone) ?? new Set<string>();
        types.add(result.instanceTypes[i]);
        offerings.set(zone, types);
    });
    return offerings;
}

/**
 * The lab's zones that do not offer its instance type: one problem naming each such zone, the
 * type, and the two ways out (a type both zones offer, or zones that offer this type).
 * EC2 refuses such a launch with "Unsupported: Your requested instance type (...) is not
 * supported in your requested Availability Zone (...)" only when the instance is created.
 */
export function instanceOfferingProblems(instanceType: string, labZones: readonly string[], availableZones: readonly string[], offerings: Offerings): Problem[] {
    const offers = (zone: string, type: string) => offerings.get(zone)?.has(type) === true;
    const missing = labZones.filter((zone) => !offers(zone, instanceType));
    if (missing.length === 0) {
        return [];
    }
    const alternative = FALLBACK_INSTANCE_TYPES.find((type) => type !== instanceType && labZones.every((zone) => offers(zone, type)));
    const zonesWithType = availableZones.filter((zone) => offers(zone, instanceType));
    const fixes = [
        alternative ? `set ${qualified("instanceType")} to a type offered in ${labZones.join(" and ")} (e.g. ${alternative})` : `set ${qualified("instanceType")} to a type offered in ${labZones.join(" and ")}`,
        zonesWithType.length >= 2
            ? `or set ${qualified("availabilityZones")} to two zones that offer ${instanceType} (${zonesWithType.join(", ")})`
            : `(${instanceType} is offered in ${zonesWithType.length === 0 ? "no zone" : `only ${zonesWithType[0]}`} of this region)`,
    ];
    return missing.map((zone) => ({
        key: qualified("instanceType"),
        rule: `${instanceType} is not offered in ${zone} (zone ${labZones.indexOf(zone) + 1} of the labs), so EC2 would refuse to launch the lab instances there`,
        fix: fixes.join(" "),
    }));
}
