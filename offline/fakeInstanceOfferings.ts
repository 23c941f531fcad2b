import type { FakeAccount, InvokeAnswer } from "./fakeCloud";

/** What one zone offers, by instance family (`t4g` of `t4g.nano`). */
type ZoneOffer = { readonly lacks: readonly string[] } | { readonly only: readonly string[] };

const PREVIOUS_GENERATION = ["t2", "m4", "c4", "r4"];

/**
 * Which zones offer which instance families, for the regions the fake account knows, after
 * what users ran into (AWS lists the real answer per account with
 * `aws ec2 describe-instance-type-offerings --location-type availability-zone`; zone letters map
 * to different physical zones per account, so a real account may differ):
 *
 * - ap-northeast-2: 2b did not offer m4 (openshift/installer#1790, "Unsupported: Your requested
 *   instance type (m4.xlarge) is not supported in your requested Availability Zone
 *   (ap-northeast-2b)"); the region's newest zone, 2d, like us-west-2d
 *   (pulumi/pulumi-aws#474, hashicorp/field-workshops-terraform#70), has current generations
 *   only. So 2b and 2d lack the previous generation (t2, m4, c4, r4); 2a and 2c offer all.
 * - us-east-1: us-east-1e (use1-az3 in older accounts) offers only older, non-Nitro families:
 *   no t3, t3a, t4g or m5 (serverworks.co.jp 2023-12-25 "Availability Zone によって利用可能な EC2
 *   インスタンスタイプは異なります"; JungSangup/mspt3#2: t3.medium in 1a-1d and 1f, not 1e;
 *   ansible/workshops#980). The other five zones offer all.
 * - eu-west-1: all three zones offer all (t3.micro in every zone, gruntwork-io/terraform-aws-utilities#29).
 *
 * Other regions: every zone offers every type (the fake knows no better).
 */
export const INSTANCE_OFFERINGS: Readonly<Record<string, Readonly<Record<string, ZoneOffer>>>> = {
    "ap-northeast-2": {
        "ap-northeast-2a": { lacks: [] },
        "ap-northeast-2b": { lacks: PREVIOUS_GENERATION },
        "ap-northeast-2c": { lacks: [] },
        "ap-northeast-2d": { lacks: PREVIOUS_GENERATION },
    },
    "us-east-1": {
        "us-east-1a": { lacks: [] },
        "us-east-1b": { lacks: [] },
        "us-east-1c": { lacks: [] },
        "us-east-1d": { lacks: [] },
        "us-east-1e": { only: PREVIOUS_GENERATION },
        "us-east-1f": { lacks: [] },
    },
    "eu-west-1": {
        "eu-west-1a": { lacks: [] },
        "eu-west-1b": { lacks: [] },
        "eu-west-1c": { lacks: [] },
    },
};

/** The zones the fake account reports for a region: those the table knows, else a to d. */
export function fakeRegionZones(region: string): string[] {
    const zones = INSTANCE_OFFERINGS[region];
    return zones ? Object.keys(zones) : ["a", "b", "c", "d"].map((letter) => `${region}${letter}`);
}

/** Whether a zone of the fake account offers an instance type. */
export function offers(region: string, zone: string, instanceType: string): boolean {
    const offer = INSTANCE_OFFERINGS[region]?.[zone];
    if (!offer) {
        return true;
    }
    const family = instanceType.split(".")[0];
    return "only" in offer ? offer.only.includes(family) : !offer.lacks.includes(family);
}

interface Filter {
    readonly name: string;
    readonly values: readonly string[];
}

/**
 * `aws.ec2.getInstanceTypeOfferings` as the fake account answers it: one row per (type, zone)
 * offered, for the `instance-type` and `location` filters (the ones the program uses; any other
 * filter is refused so a new one cannot be ignored silently). Location type `availability-zone` only.
 */
export const instanceTypeOfferings: InvokeAnswer = (args, account: FakeAccount) => {
    if (args.locationType !== "availability-zone") {
        throw new Error(`offline engine: getInstanceTypeOfferings answers locationType availability-zone only, not ${String(args.locationType)}`);
    }
    const filters = (args.filters as Filter[] | undefined) ?? [];
    for (const filter of filters) {
        if (filter.name !== "instance-type" && filter.name !== "location") {
            throw new Error(`offline engine: getInstanceTypeOfferings has no answer for filter ${filter.name}`);
        }
    }
    const types = filters.find((f) => f.name === "instance-type")?.values ?? [];
    const zones = filters.find((f) => f.name === "location")?.values ?? account.availabilityZones;
    const rows = types.flatMap((type) => zones.filter((zone) => account.availabilityZones.includes(zone) && offers(account.region, zone, type)).map((zone) => ({ type, zone })));
    return {
        id: account.region,
        locationType: "availability-zone",
        instanceTypes: rows.map((r) => r.type),
        locations: rows.map((r) => r.zone),
        locationTypes: rows.map(() => "availability-zone"),
    };
};
