import {
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    StackValidationArgs,
    unknownCheckingProxy,
    UnknownValueError,
} from "@pulumi/policy";
import { readFileSync } from "fs";
import { join } from "path";
import { isTypeOf, NO_STACK_TAGS, prepare, PreparedRecord, providerOf, pulumiTypeOf, resourceOptions, stackResources } from "./lib/serverShapes";
import { asPolicyConfigFile, PolicyConfigFile, resolvePolicyConfig, ResolvedPolicyConfig } from "./packConfig";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, PackPolicy, POLICIES } from "./policies";
import { PolicyResourceRecord } from "./policyRecords";

export type { PolicyResourceRecord } from "./policyRecords";
export { recordsFromEngine } from "./policyRecords";

/**
 * The pack run in-process, the way @pulumi/policy's analyzer server runs it under the CLI
 * (`server.js` of @pulumi/policy 1.21): same argument bags, same config merge, same
 * enforcement levels, same handling of unknown values. Tests, the offline plan and the
 * `policy` tool use it, so their verdicts are the CLI's.
 */

export interface Violation {
    readonly policyName: string;
    /** The level it was reported at: `remediate` reports as mandatory, `disabled` does not run. */
    readonly enforcementLevel: "advisory" | "mandatory";
    /** The resource it is about; absent when a stack policy reports the stack as a whole. */
    readonly urn?: string;
    /** What the policy reported. The CLI prints it under the policy's description. */
    readonly message: string;
    readonly description: string;
}

export interface AnalysisReport {
    /** Resource policies per resource in record order, then stack policies, each in pack order. */
    readonly violations: readonly Violation[];
    readonly summary: Readonly<Record<"mandatory" | "advisory", number>>;
}

export interface AnalyzeOptions {
    /** The policies to run, in order. @default POLICIES (the whole pack) */
    readonly policies?: readonly PackPolicy[];
}

const PACK_VERSION: string = JSON.parse(readFileSync(join(__dirname, "package.json"), "utf8")).version;

/**
 * Runs every resource policy on each resource and every stack policy on the whole list.
 * Throws a PolicyConfigError when the config is malformed or breaks a policy's schema, as the
 * CLI refuses to start then.
 */
export async function analyze(resources: readonly PolicyResourceRecord[], config?: PolicyConfigFile, options: AnalyzeOptions = {}): Promise<AnalysisReport> {
    const policies = options.policies ?? POLICIES;
    // Callers may hand over JSON they parsed themselves: check its shape as the CLI does.
    const resolved = resolvePolicyConfig(policies, PACK_ENFORCEMENT_LEVEL, config === undefined ? undefined : asPolicyConfigFile(config));
    const prepared = resources.map(prepare);
    const violations: Violation[] = [];
    for (const resource of prepared) {
        for (const policy of policies) {
            await runResourcePolicy(policy, resolved.get(policy.name) as ResolvedPolicyConfig, resource, prepared, violations);
        }
    }
    // The server builds these per stack policy; policies only read them, so one set serves all.
    const stack = stackResources(prepared);
    for (const policy of policies) {
        await runStackPolicy(policy, resolved.get(policy.name) as ResolvedPolicyConfig, stack, violations);
    }
    return {
        violations,
        summary: {
            mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
            advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
        },
    };
}

/** One policy of the pack on a resource list, with the config file applied: what rule tests call. */
export async function evaluatePolicy(policy: PackPolicy, resources: readonly PolicyResourceRecord[], config?: PolicyConfigFile): Promise<Violation[]> {
    return [...(await analyze(resources, config, { policies: [policy] })).violations];
}

async function runResourcePolicy(
    policy: PackPolicy,
    config: ResolvedPolicyConfig,
    { record, inputs }: PreparedRecord,
    all: readonly PreparedRecord[],
    violations: Violation[],
): Promise<void> {
    const level = reportedLevel(config.enforcementLevel);
    if (level === undefined || !("validateResource" in policy) || policy.validateResource === undefined) {
        return;
    }
    // The server skips a single typed validation for other types without calling it.
    const single = policy.validateResource;
    if (!Array.isArray(single) && pulumiTypeOf(single) !== undefined && pulumiTypeOf(single) !== record.type) {
        return;
    }
    const validations: ResourceValidation[] = Array.isArray(single) ? single : [single];
    for (const validation of validations) {
        const props = unknownCheckingProxy(inputs);
        const args: ResourceValidationArgs = {
            type: record.type,
            props,
            urn: record.urn,
            name: record.name,
            opts: resourceOptions(record),
            stackTags: NO_STACK_TAGS,
            isType: (resourceClass) => isTypeOf(record.type, resourceClass),
            asType: ((resourceClass: unknown) => (isTypeOf(record.type, resourceClass) ? props : undefined)) as ResourceValidationArgs["asType"],
            getConfig: <T extends object>() => ({ ...config.properties }) as T,
            notApplicable: throwNotApplicable,
        };
        const provider = providerOf(record, all);
        if (provider) {
            args.provider = provider;
        }
        await runValidation(policy, level, record.urn, violations, (report) => validation(args, report));
    }
}

async function runStackPolicy(policy: PackPolicy, config: ResolvedPolicyConfig, resources: PolicyResource[], violations: Violation[]): Promise<void> {
    const level = reportedLevel(config.enforcementLevel);
    if (level === undefined || !("validateStack" in policy) || typeof policy.validateStack !== "function") {
        return;
    }
    const type = pulumiTypeOf(policy.validateStack);
    if (type !== undefined && !resources.some((resource) => resource.type === type)) {
        return;
    }
    const args: StackValidationArgs = {
        resources,
        getConfig: <T extends object>() => ({ ...config.properties }) as T,
        stackTags: NO_STACK_TAGS,
        notApplicable: throwNotApplicable,
    };
    const validateStack = policy.validateStack;
    await runValidation(policy, level, undefined, violations, (report) => validateStack(args, report));
}

/** Calls a validation and records what it reports, handling the errors the server handles. */
async function runValidation(
    policy: PackPolicy,
    level: "advisory" | "mandatory",
    resourceUrn: string | undefined,
    violations: Violation[],
    validate: (report: ReportViolation) => Promise<void> | void,
): Promise<void> {
    const report: ReportViolation = (message, urn) =>
        violations.push({ policyName: policy.name, enforcementLevel: level, urn: resourceUrn ?? urn, message, description: policy.description });
    try {
        await validate(report);
    } catch (error) {
        const from = `policy '${policy.name}' from policy pack '${PACK_NAME}@v${PACK_VERSION}'`;
        if (error instanceof UnknownValueError) {
            // As the server does: a policy that reads an unknown value cannot run during preview.
            violations.push({
                policyName: policy.name,
                enforcementLevel: "advisory",
                urn: resourceUrn,
                message: `can't run ${from} during preview: ${(error as Error).message}`,
                description: policy.description,
            });
        } else if (!(error instanceof NotApplicableError)) {
            throw new Error(`Error validating ${resourceUrn ? `resource ${resourceUrn}` : "stack"} with ${from}: ${String(error)}`, { cause: error });
        }
    }
}

/** `remediate` violations are reported as mandatory; `disabled` policies do not run. */
function reportedLevel(level: EnforcementLevel): "advisory" | "mandatory" | undefined {
    return level === "disabled" ? undefined : level === "remediate" ? "mandatory" : level;
}

class NotApplicableError extends Error {}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicableError(reason ?? "Policy does not apply");
}
