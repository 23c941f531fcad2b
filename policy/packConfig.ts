import { EnforcementLevel } from "@pulumi/policy";
import { readFileSync } from "fs";
import { didYouMean } from "../lib/closestNames";
import { excerpt, quoted } from "../lib/errors";
import { schemaErrors } from "./lib/jsonSchema";
import { PackPolicy } from "./policies";

/**
 * A `--policy-pack-config` file: for each policy name (or `all`), an enforcement level, or
 * an object of config properties with an optional `enforcementLevel`.
 * https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/
 */
export type PolicyConfigFile = Readonly<Record<string, EnforcementLevel | PolicyConfigEntry>>;
export type PolicyConfigEntry = Readonly<{ enforcementLevel?: EnforcementLevel } & Record<string, unknown>>;

/** What a policy runs with once defaults and the config file are merged. */
export interface ResolvedPolicyConfig {
    readonly enforcementLevel: EnforcementLevel;
    readonly properties: Readonly<Record<string, unknown>>;
}

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** The config file or the merged config breaks the pack's config schema; the CLI refuses to run then. */
export class PolicyConfigError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(`invalid policy pack config:\n${problems.map((p) => `  ${p}`).join("\n")}`);
        this.name = "PolicyConfigError";
    }
}

function isEnforcementLevel(value: unknown): value is EnforcementLevel {
    return ENFORCEMENT_LEVELS.includes(value as EnforcementLevel);
}

/** Parses a config file as the CLI does: each value a level or an object whose `enforcementLevel` is a level. */
export function parsePolicyConfigFile(text: string): PolicyConfigFile {
    return text.trim() === "" ? {} : asPolicyConfigFile(JSON.parse(text));
}

/** Checks parsed JSON (from a file or a caller) has the shape of a config file; throws a PolicyConfigError naming every bad entry. */
export function asPolicyConfigFile(parsed: unknown): PolicyConfigFile {
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new PolicyConfigError(["the config file must hold a JSON object keyed by policy name"]);
    }
    const problems: string[] = [];
    for (const [name, value] of Object.entries(parsed)) {
        if (typeof value === "string") {
            if (!isEnforcementLevel(value)) {
                problems.push(`${excerpt(name)}: ${quoted(value)} is not a valid enforcement level`);
            }
        } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            const level = (value as Record<string, unknown>).enforcementLevel;
            if (level !== undefined && !isEnforcementLevel(level)) {
                problems.push(`${excerpt(name)}.enforcementLevel: ${excerpt(JSON.stringify(level))} is not a valid enforcement level`);
            }
        } else {
            problems.push(`${excerpt(name)}: ${excerpt(JSON.stringify(value))} is not a valid value; must be a string or object`);
        }
    }
    if (problems.length > 0) {
        throw new PolicyConfigError(problems);
    }
    return parsed as PolicyConfigFile;
}

export function loadPolicyConfigFile(path: string): PolicyConfigFile {
    return parsePolicyConfigFile(readFileSync(path, "utf8"));
}

function splitEntry(entry: EnforcementLevel | PolicyConfigEntry): { level?: EnforcementLevel; properties: Record<string, unknown> } {
    if (typeof entry === "string") {
        return { level: entry, properties: {} };
    }
    const { enforcementLevel, ...properties } = entry;
    return { level: enforcementLevel, properties };
}

/**
 * Each policy's enforcement level and properties as the Pulumi CLI computes them before it
 * configures the pack: schema defaults and the policy's own level (or the pack's), then
 * `all` from the file, then the file's entry for the policy; the result must satisfy the
 * policy's config schema.
 */
export function resolvePolicyConfig(
    policies: readonly PackPolicy[],
    packEnforcementLevel: EnforcementLevel,
    file: PolicyConfigFile = {},
): Map<string, ResolvedPolicyConfig> {
    const all = file.all === undefined ? undefined : splitEntry(file.all).level;
    const resolved = new Map<string, ResolvedPolicyConfig>();
    const problems: string[] = [];
    for (const policy of policies) {
        const schemaProperties = policy.configSchema?.properties ?? {};
        const defaults = Object.fromEntries(
            Object.entries(schemaProperties)
                .filter(([, schema]) => schema.default !== undefined)
                .map(([key, schema]) => [key, schema.default]),
        );
        const given = file[policy.name] === undefined ? { properties: {} } : splitEntry(file[policy.name]);
        const properties = { ...defaults, ...given.properties };
        for (const [key, schema] of Object.entries(schemaProperties)) {
            if (properties[key] !== undefined) {
                problems.push(...schemaErrors(schema, properties[key], `${policy.name}.${key}`));
            }
        }
        for (const key of policy.configSchema?.required ?? []) {
            if (properties[key] === undefined) {
                problems.push(`${policy.name}.${key}: is required`);
            }
        }
        resolved.set(policy.name, {
            enforcementLevel: given.level ?? all ?? policy.enforcementLevel ?? packEnforcementLevel,
            properties,
        });
    }
    if (problems.length > 0) {
        throw new PolicyConfigError(problems);
    }
    return resolved;
}

/**
 * Keys of a config file that match nothing in the pack: a policy name or a config property
 * that does not exist, each with the closest known name or the known properties. The CLI
 * ignores them silently, so a typo would quietly change nothing; `plan` and `policy` refuse
 * them and tests check the committed config files with this.
 */
export function unknownConfigKeys(policies: readonly PackPolicy[], file: PolicyConfigFile): string[] {
    const problems: string[] = [];
    const names = ["all", ...policies.map((p) => p.name)];
    for (const [name, entry] of Object.entries(file)) {
        const policy = policies.find((p) => p.name === name);
        if (name === "all") {
            continue;
        }
        if (!policy) {
            problems.push(`${excerpt(name)}: no policy of that name${didYouMean(name, names, { limit: 1 })}`);
            continue;
        }
        const known = Object.keys(policy.configSchema?.properties ?? {});
        for (const key of Object.keys(splitEntry(entry).properties)) {
            if (!known.includes(key)) {
                const fix = known.length > 0 ? `; its properties are ${known.join(", ")}` : "; it has no config properties, only enforcementLevel";
                problems.push(`${name}.${excerpt(key)}: policy ${name} has no config property ${excerpt(key)}${fix}`);
            }
        }
    }
    return problems;
}
