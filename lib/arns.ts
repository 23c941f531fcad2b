/**
 * IAM principal ARNs as config gives them: checked against the shape IAM accepts and the
 * partition the stack deploys into, so a bucket or endpoint-service policy never names a
 * principal AWS would refuse (or one from a partition that can never reach the resource).
 */

/**
 * The partition of a region, as `aws.getPartition()` answers for it: the prefixes AWS
 * documents for China, GovCloud, the ISO regions and the European Sovereign Cloud.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export function partitionOfRegion(region: string): string {
    const prefixes: readonly [string, string][] = [
        ["cn-", "aws-cn"],
        ["us-gov-", "aws-us-gov"],
        ["us-isob-", "aws-iso-b"],
        ["us-iso-", "aws-iso"],
        ["eu-isoe-", "aws-iso-e"],
        ["us-isof-", "aws-iso-f"],
        ["eusc-", "aws-eusc"],
    ];
    return prefixes.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "aws";
}

/** An IAM name or path segment: letters, digits and `+=,.@_-` (IAM's own rule). */
const IAM_NAME = "[A-Za-z0-9+=,.@_-]";

/** `arn:<partition>:iam::<account>:root`, `...:role/<path/>name`, `...:user/<path/>name`. */
const PRINCIPAL_ARN = new RegExp(`^arn:([a-z-]+):iam::(\\d{12}):(root|(?:role|user)/(?:${IAM_NAME}{1,512}/)*${IAM_NAME}{1,64})$`);

/** What is wrong with a principal ARN: the rule it breaks, and a fix when one is more precise than an example ARN. */
export interface ArnProblem {
    readonly rule: string;
    readonly fix?: string;
}

/**
 * What is wrong with a principal ARN, or undefined when IAM would take it in a policy of a
 * stack in `partition`.
 */
export function principalArnProblem(arn: string, partition: string): ArnProblem | undefined {
    if (/\s/.test(arn)) {
        return { rule: "contains whitespace, which no IAM ARN has", fix: "remove the spaces" };
    }
    const match = PRINCIPAL_ARN.exec(arn);
    if (!match) {
        // The caller's fix shows the shape: root, role/<path/>name or user/<path/>name.
        return { rule: "is not an IAM principal ARN" };
    }
    if (match[1] !== partition) {
        return {
            rule: `is in partition ${match[1]} but the stack deploys to partition ${partition}; a principal of another partition can never be granted access`,
            fix: `use an ARN that starts with arn:${partition}:iam::`,
        };
    }
    return undefined;
}
