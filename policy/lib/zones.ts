import { isUnknown, Unknown, UNKNOWN } from "../../analysis/stack/knowable";
import { Reference } from "../../analysis/stack/stackIndex";

/** The Availability Zones a set of referenced subnets lies in, as far as it can be known. */
export interface ZoneSpread {
    /** How many subnets are referenced; {@link UNKNOWN} when the list itself is unknown. */
    readonly subnetCount: number | Unknown;
    /** The distinct zones, or {@link UNKNOWN} when some subnet or its zone is not known. */
    readonly zones: readonly string[] | Unknown;
}

export function zoneSpread(subnets: Reference): ZoneSpread {
    if (!subnets.complete) {
        return { subnetCount: subnets.count, zones: UNKNOWN };
    }
    const zones = new Set<string>();
    for (const subnet of subnets.nodes) {
        // A subnet created without a zone gets one from AWS at creation: unknown until then.
        const zone = subnet.props.availabilityZone ?? subnet.props.availabilityZoneId;
        if (typeof zone !== "string") {
            return { subnetCount: subnets.count, zones: UNKNOWN };
        }
        zones.add(zone);
    }
    return { subnetCount: subnets.count, zones: [...zones].sort() };
}

/**
 * Why a spread falls short of `minimum` zones, for a violation message (`it spans 1 zone
 * (ap-northeast-2a)`), or undefined when it does not or cannot be known to. Fewer subnets
 * than zones needed falls short even when the subnets' zones are not known.
 */
export function zoneShortfall(spread: ZoneSpread, minimum: number): string | undefined {
    if (!isUnknown(spread.zones)) {
        return spread.zones.length < minimum ? `it spans ${plural(spread.zones.length, "zone")} (${spread.zones.join(", ") || "none"})` : undefined;
    }
    if (!isUnknown(spread.subnetCount) && spread.subnetCount < minimum) {
        return `it has ${plural(spread.subnetCount, "subnet")}`;
    }
    return undefined;
}

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
