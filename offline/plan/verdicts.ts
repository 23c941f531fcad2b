import { relative } from "path";
import { analyze, recordsFromEngine } from "../../policy/analyzer";
import { PolicyConfigError as PackConfigError, PolicyConfigFile, parsePolicyConfigFile, unknownConfigKeys } from "../../policy/packConfig";
import { POLICIES } from "../../policy/policies";
import { readRegularFile } from "../../lib/files";
import { RecordedResource } from "../../lib/records";
import { PROJECT_DIR } from "../../config/stackFiles";
import { choosePolicyConfig } from "./policyConfigChoice";

/** One policy violation, as the JSON reports list it. */
export interface ReportedViolation {
    readonly policyName: string;
    readonly enforcementLevel: string;
    /** The resource's URN; absent for a violation of the stack as a whole. */
    readonly urn?: string;
    readonly message: string;
    /** The policy's description, which the Pulumi CLI prints above the message. */
    readonly description: string;
}

/** The policy pack's verdict on a stack, as both commands report it. */
export interface PolicyVerdicts {
    /** The policy config file used (as given, or relative to the working directory); null: the pack's defaults. */
    readonly policyConfig: string | null;
    /** Why that policy config: named by the stack file, the stack's own file, `--config`, or none. */
    readonly policyConfigChosenBy?: string;
    readonly violations: readonly ReportedViolation[];
    /** Violations per enforcement level; `mandatory` and `advisory` are always present. */
    readonly summary: Readonly<Record<string, number>> & { readonly mandatory: number; readonly advisory: number };
}

/** A policy config file that is missing, not JSON, or breaks the pack's config schema; exit code 2. */
export class PolicyConfigFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyConfigFileError";
    }
}

/**
 * The policy config of a stack, if it has one: the file its stack file names
 * (`vpc-labs:policyConfig`), else `policy/config.<stack>.json` when it exists.
 */
export function stackPolicyConfig(stack: string, projectDir = PROJECT_DIR): string | undefined {
    return choosePolicyConfig(stack, projectDir).file;
}

/** How a path is shown in reports: relative to the working directory when inside it. */
export function displayPath(file: string): string {
    const rel = relative(process.cwd(), file);
    return rel && !rel.startsWith("..") ? rel : file;
}

/** Reads a policy config file (the JSON `--policy-pack-config` takes), checked as the CLI checks it. */
export function readPolicyConfig(file: string): PolicyConfigFile {
    const text = readRegularFile(file, (reason) =>
        reason === "no such file or directory"
            ? new PolicyConfigFileError(`policy config ${displayPath(file)} does not exist`)
            : new PolicyConfigFileError(`policy config ${displayPath(file)} cannot be read: ${reason}`),
    );
    try {
        return parsePolicyConfigFile(text);
    } catch (error) {
        const reason = error instanceof SyntaxError ? `is not JSON: ${error.message}` : (error as Error).message;
        throw new PolicyConfigFileError(`policy config ${displayPath(file)}: ${reason}`);
    }
}

/**
 * Runs the policy pack's own analyzer (the one its tests use, which runs the pack as the
 * CLI's analyzer plugin does) over a stack's resources, with a policy config file or the
 * pack's defaults.
 */
export async function evaluatePolicies(resources: readonly RecordedResource[], configFile?: string, chosenBy?: string): Promise<PolicyVerdicts> {
    const config = configFile === undefined ? undefined : readPolicyConfig(configFile);
    const unknown = config === undefined ? [] : unknownConfigKeys(POLICIES, config);
    if (unknown.length > 0 && configFile !== undefined) {
        // The Pulumi CLI would ignore these silently: a typo must not quietly change nothing.
        throw new PolicyConfigFileError(
            `policy config ${displayPath(configFile)} names what the pack does not have:\n${unknown.map((line) => `  ${line}`).join("\n")}\n` +
                `  the pack's policies: ${POLICIES.map((p) => p.name).join(", ")} (and all)`,
        );
    }
    let report;
    try {
        report = await analyze(recordsFromEngine(resources), config);
    } catch (error) {
        if (error instanceof PackConfigError) {
            throw new PolicyConfigFileError(`policy config ${configFile ? displayPath(configFile) : "(the pack's defaults)"}: ${error.message}`);
        }
        throw error;
    }
    const violations = report.violations.map(
        (v): ReportedViolation => ({
            policyName: v.policyName,
            enforcementLevel: v.enforcementLevel,
            ...(v.urn ? { urn: v.urn } : {}),
            message: v.message,
            description: v.description,
        }),
    );
    return {
        policyConfig: configFile === undefined ? null : displayPath(configFile),
        ...(chosenBy === undefined ? {} : { policyConfigChosenBy: chosenBy }),
        violations,
        summary: summarize(violations),
    };
}

/** Violations per enforcement level. */
export function summarize(violations: readonly ReportedViolation[]): PolicyVerdicts["summary"] {
    const summary: Record<string, number> = { mandatory: 0, advisory: 0 };
    for (const v of violations) {
        summary[v.enforcementLevel] = (summary[v.enforcementLevel] ?? 0) + 1;
    }
    return summary as PolicyVerdicts["summary"];
}

/** The verdicts as text: a summary line, then one block per violation, mandatory first. */
export function renderVerdicts(verdicts: PolicyVerdicts): string[] {
    const counts = Object.entries(verdicts.summary)
        .map(([level, count]) => `${count} ${level}`)
        .join(", ");
    const chosen = verdicts.policyConfigChosenBy ? `; ${verdicts.policyConfigChosenBy}` : "";
    const lines = [`Policy pack: ${counts} (config: ${verdicts.policyConfig ?? "the pack's defaults"}${chosen})`];
    const order = (level: string) => (level === "mandatory" ? 0 : level === "advisory" ? 1 : 2);
    const sorted = [...verdicts.violations].sort((a, b) => order(a.enforcementLevel) - order(b.enforcementLevel));
    for (const v of sorted) {
        lines.push(`  [${v.enforcementLevel}] ${v.policyName}: ${v.message}`);
        if (v.urn) {
            lines.push(`      ${v.urn}`);
        }
    }
    if (verdicts.violations.length === 0) {
        lines.push("  no violations");
    }
    return lines;
}
