import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, throwIfProblems } from "../lib/errors";
import { regionProblem } from "./awsNames";
import { interfaceServiceProblems } from "./interfaceServiceLookup";
import { instanceOfferingProblems, lookUpOfferings } from "./instanceOfferings";
import { StackConfig } from "./stackConfig";
import { validateStackConfig } from "./validate";
import { stackFileTypeProblems } from "./valueTypes";

/** The account, partition and region the stack deploys into, looked up once. */
export interface AwsContext {
    readonly accountId: string;
    readonly partition: string;
    readonly region: string;
}

/**
 * What loading needs from outside the config layer, wired by `index.ts`: the program owns this
 * port, so config never imports the analyses (or, through them, any tooling).
 */
export interface LoadPorts {
    /** Refuses the stack (a ConfigError) when the account's quotas cannot hold it; `analysis/quotas/preflight.ts`. */
    readonly quotaPreflight: (config: StackConfig, stack: string, options: { readonly availableZones: readonly string[] }) => Promise<unknown>;
}

export interface LoadedStack {
    /** The stack's name, as the `vpc-labs:stack` tag carries it. @default pulumi.getStack() */
    readonly stackName?: string;
    readonly config: StackConfig;
    readonly aws: AwsContext;
}

/**
 * Reads the stack's config once, looks up what validation needs (region, available zones,
 * account), and validates it; then checks that the labs' two zones offer the instance type,
 * and that the Region offers the interface services the offline table does not know, and runs the quota preflight against the account's applied quotas and usage. Throws a
 * ConfigError listing every problem; only lookups (no resources) have happened by then.
 */
export async function loadStack(ports: LoadPorts): Promise<LoadedStack> {
    const stackName = pulumi.getStack();
    const raw = pulumi.runtime.allConfig();
    // The CLI hands the program text only; the stack file still says whether `student: 7` was a number.
    throwIfProblems(`Pulumi.${stackName}.yaml`, stackFileTypeProblems(stackName, process.cwd()));
    // Before the first lookup, which would configure the provider with a Region that does not exist.
    const regionIssue = raw["aws:region"] === undefined ? undefined : regionProblem(raw["aws:region"]);
    throwIfProblems("Stack config", regionIssue ? [{ key: "aws:region", ...regionIssue }] : []);
    const [region, zones, identity, partition] = await Promise.all([
        aws.getRegion(),
        aws.getAvailabilityZones({ state: "available" }),
        aws.getCallerIdentity(),
        aws.getPartition(),
    ]);
    const config = validateStackConfig(raw, { region: region.region, availableZones: zones.names, partition: partition.partition });
    const offerings = await lookUpOfferings(config.instanceType, zones.names);
    const problems = [...instanceOfferingProblems(config.instanceType, config.availabilityZones, zones.names, offerings), ...(await interfaceServiceProblems(config))];
    if (problems.length > 0) {
        throw new ConfigError("Stack config", problems);
    }
    await ports.quotaPreflight(config, stackName, { availableZones: zones.names });
    return { stackName, config, aws: { accountId: identity.accountId, partition: partition.partition, region: region.region } };
}
