/**
 * The AWS names the config may use, from the provider's own lists: the `aws.Region` and
 * `aws.ec2.InstanceType` enums of @pulumi/aws (generated from the AWS API models the provider
 * is built with). A name outside them is refused with the closest ones; a name in them is never
 * refused for missing from this package's offline tables (zones, prices, offerings): an offline
 * run warns about those, a real run looks them up.
 */
import { ec2, Region } from "@pulumi/aws/types/enums";
import { didYouMean } from "../lib/closestNames";
import { quoted } from "../lib/errors";

/** Every Region the provider knows (46 in @pulumi/aws 7.48), in its order. */
export const AWS_REGIONS: readonly string[] = Object.values(Region);

/** Every EC2 instance type the provider knows (1,405 in @pulumi/aws 7.48). */
export const EC2_INSTANCE_TYPES: readonly string[] = Object.values(ec2.InstanceType);
const INSTANCE_TYPE_SET: ReadonlySet<string> = new Set(EC2_INSTANCE_TYPES);

/**
 * EC2 Mac instances (mac1.metal, mac2.metal, mac2-m2pro.metal, mac-m4.metal ...) run only on an
 * allocated EC2 Mac Dedicated Host, with a 24-hour minimum: "Mac instances are available only
 * as bare metal instances on Dedicated Hosts".
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-mac-instances.html
 */
export const DEDICATED_HOST_SOURCE = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-mac-instances.html";
export function needsDedicatedHost(instanceType: string): boolean {
    return /^mac[0-9a-z-]*\.metal$/.test(instanceType);
}

/** The fix of a misspelt name: "did you mean a, b or c?" when some are near, else `otherwise`. */
function nearestOr(input: string, known: readonly string[], otherwise: string): string {
    const suggestion = didYouMean(input, known);
    return suggestion === "" ? otherwise : suggestion.replace(/^; /, "");
}

/** What is wrong with a Region name (rule and fix), or undefined for a Region of the provider's list. */
export function regionProblem(region: string): { rule: string; fix: string } | undefined {
    const fix = "set it to the Region to deploy into: pulumi config set aws:region ap-northeast-2";
    if (region === "") {
        return { rule: "is empty", fix };
    }
    if (AWS_REGIONS.includes(region)) {
        return undefined;
    }
    return { rule: `${quoted(region)} is not an AWS Region`, fix: nearestOr(region, AWS_REGIONS, fix) };
}

/** What is wrong with an instance type for the labs (rule and fix), or undefined. */
export function instanceTypeProblem(instanceType: string): { rule: string; fix: string } | undefined {
    if (needsDedicatedHost(instanceType)) {
        return {
            rule: `${instanceType} runs only on an EC2 Mac Dedicated Host, which the labs do not allocate (${DEDICATED_HOST_SOURCE})`,
            fix: "use a type that runs on shared tenancy, e.g. t3.micro or t4g.micro",
        };
    }
    if (INSTANCE_TYPE_SET.has(instanceType)) {
        return undefined;
    }
    return { rule: `${quoted(instanceType)} is not an EC2 instance type`, fix: nearestOr(instanceType, EC2_INSTANCE_TYPES, "write an instance type like t3.micro or t4g.micro") };
}
