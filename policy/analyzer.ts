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
import { isTypeOf, NO_STACK_TAGS, prepare, PreparedRecord, providerOf, pulumiTypeOf, resourceOptions, stackResources } from "../analysis/stack/serverShapes";
import { asPolicyConfigFile, PolicyConfigFile, resolvePolicyConfig, ResolvedPolicyConfig } from "./packConfig";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, PackPolicy, POLICIES } from "./policies";
import { PolicyResourceRecord } from "../analysis/stack/policyRecords";

export type { PolicyResourceRecord } from "../analysis/stack/policyRecords";
export { recordsFromEngine } from "../analysis/stack/policyRecords";

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
    const preparedByUrn = new Map(prepared.map((entry) => [entry.record.urn, entry]));
    const violations: Violation[] = [];
    const resourcePolicies = policies.map((policy) => {
        const config = resolved.get(policy.name) as ResolvedPolicyConfig;
        return { policy, config, getConfig: <T extends object>() => ({ ...config.properties }) as T, byType: new Map<string, ResourceValidation[]>() };
    });
    for (const resource of prepared) {
        // Built once per resource and shared by its policies: the validations only read it.
        let base: Omit<ResourceValidationArgs, "getConfig"> | undefined;
        for (const { policy, config, getConfig, byType } of resourcePolicies) {
            let validations = byType.get(resource.record.type);
            if (!validations) {
                validations = applicableValidations(policy, config, resource.record.type);
                byType.set(resource.record.type, validations);
            }
            if (validations.length === 0) {
                continue;
            }
            base ??= resourceArgs(resource, preparedByUrn);
            const pending = runResourcePolicy(policy, config, validations, { ...base, getConfig }, violations);
            if (pending) {
                await pending;
            }
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

/**
 * The validations of a resource policy that run on a resource of this type: none when the
 * policy is disabled; the server skips a single typed validation of another type, and typed
 * validations of other types in a list would only call notApplicable, so neither changes a
 * verdict. Computed once per policy and type.
 */
function applicableValidations(policy: PackPolicy, config: ResolvedPolicyConfig, type: string): ResourceValidation[] {
    if (reportedLevel(config.enforcementLevel) === undefined || !("validateResource" in policy) || policy.validateResource === undefined) {
        return [];
    }
    const declared = policy.validateResource;
    return (Array.isArray(declared) ? declared : [declared]).filter((validation) => {
        const validationType = pulumiTypeOf(validation);
        return validationType === undefined || validationType === type;
    });
}

/** The argument bag the server hands a resource validation, less the policy's config. */
function resourceArgs({ record, inputs }: PreparedRecord, all: ReadonlyMap<string, PreparedRecord>): Omit<ResourceValidationArgs, "getConfig"> {
    const props = unknownCheckingProxy(inputs);
    const args: Omit<ResourceValidationArgs, "getConfig"> = {
        type: record.type,
        props,
        urn: record.urn,
        name: record.name,
        opts: resourceOptions(record),
        stackTags: NO_STACK_TAGS,
        isType: (resourceClass) => isTypeOf(record.type, resourceClass),
        asType: ((resourceClass: unknown) => (isTypeOf(record.type, resourceClass) ? props : undefined)) as ResourceValidationArgs["asType"],
        notApplicable: throwNotApplicable,
    };
    const provider = providerOf(record, all);
    return provider ? { ...args, provider } : args;
}

/**
 * Runs a policy's validations on one resource, one after another as the server does; returns
 * a promise only once a validation turns out to be asynchronous.
 */
function runResourcePolicy(
    policy: PackPolicy,
    config: ResolvedPolicyConfig,
    validations: readonly ResourceValidation[],
    args: ResourceValidationArgs,
    violations: Violation[],
): Promise<void> | undefined {
    const level = reportedLevel(config.enforcementLevel) as "advisory" | "mandatory";
    const runOne = (validation: ResourceValidation) => runValidation(policy, level, args.urn, violations, (report) => validation(args, report));
    for (let i = 0; i < validations.length; i++) {
        const pending = runOne(validations[i]);
        if (pending) {
            return pending.then(async () => {
                for (const rest of validations.slice(i + 1)) {
                    await runOne(rest);
                }
            });
        }
    }
    return undefined;
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
/**
 * Calls a validation and records what it reports, handling the errors the server handles.
 * Synchronous validations (nearly all) finish without a promise: at 10,000 resources times 23
 * policies, awaiting each would cost more than the checks themselves.
 */
function runValidation(
    policy: PackPolicy,
    level: "advisory" | "mandatory",
    resourceUrn: string | undefined,
    violations: Violation[],
    validate: (report: ReportViolation) => Promise<void> | void,
): Promise<void> | undefined {
    const report: ReportViolation = (message, urn) =>
        violations.push({ policyName: policy.name, enforcementLevel: level, urn: resourceUrn ?? urn, message, description: policy.description });
    const handle = (error: unknown) => {
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
    };
    try {
        const result = validate(report);
        return result instanceof Promise ? result.catch(handle) : undefined;
    } catch (error) {
        handle(error);
        return undefined;
    }
}

/** `remediate` violations are reported as mandatory; `disabled` policies do not run. */
function reportedLevel(level: EnforcementLevel): "advisory" | "mandatory" | undefined {
    return level === "disabled" ? undefined : level === "remediate" ? "mandatory" : level;
}

class NotApplicableError extends Error {
    constructor(reason: string) {
        // Thrown once per resource for every policy that does not apply: no stack trace to build.
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        super(reason);
        Error.stackTraceLimit = limit;
    }
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicableError(reason ?? "Policy does not apply");
}
