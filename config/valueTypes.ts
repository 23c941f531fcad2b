/**
 * The type check of config values as a stack file writes them, before Pulumi turns every value
 * into text: `vpc-labs:student: 7`, `null` or `true` reach the program as "7", "null" and
 * "true", which read as valid strings. So the YAML values are checked against the declared
 * types of config/keys.ts where they are still typed: the offline reader checks the stack file
 * it parses, and a real run checks `Pulumi.<stack>.yaml` in the project folder the CLI runs it in.
 */
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { excerpt, Problem } from "../lib/errors";
import { CONFIG_KEYS, ConfigKey, PROJECT, qualified } from "./keys";

/** Keys of other namespaces this program reads, with the type it needs. */
const FOREIGN_KEYS: Readonly<Record<string, ConfigKey["type"]>> = { "aws:region": "string" };

/** What a YAML value is, named for a message: a number, a boolean, null, a list, a mapping. */
function kindOf(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "a list";
    }
    return typeof value === "object" ? "a mapping" : `a ${typeof value}`;
}

const EXPECTED: Readonly<Record<ConfigKey["type"], string>> = {
    string: "a string",
    integer: "a whole number",
    boolean: "true or false",
    array: "a list of strings",
};

function matches(type: ConfigKey["type"], value: unknown): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "integer":
            // A quoted number ("2") is what `pulumi config set` writes: the reader takes its digits.
            return Number.isInteger(value) || typeof value === "string";
        case "boolean":
            return typeof value === "boolean" || value === "true" || value === "false";
        case "array":
            return Array.isArray(value) && value.every((item) => typeof item === "string");
    }
}

function fixFor(type: ConfigKey["type"], key: string, value: unknown): string {
    // The project's own keys as stack files usually write them; others (aws:region) in full.
    const name = key.startsWith(`${PROJECT}:`) ? key.slice(PROJECT.length + 1) : key;
    switch (type) {
        case "string":
            return typeof value === "number" || typeof value === "boolean" ? `quote it if you mean the text: ${name}: "${String(value)}"` : `write it as text, e.g. ${name}: "value"`;
        case "integer":
            return `write it as digits, e.g. ${name}: 2`;
        case "boolean":
            return `write ${name}: true or ${name}: false`;
        case "array":
            return `write it as a YAML list of strings, e.g. ${name}: ["a", "b"]`;
    }
}

/** The declared type of a fully qualified key this program reads, or undefined. */
function declaredType(key: string): ConfigKey["type"] | undefined {
    if (key.startsWith(`${PROJECT}:`)) {
        const name = key.slice(PROJECT.length + 1);
        return Object.hasOwn(CONFIG_KEYS, name) ? (CONFIG_KEYS as Record<string, ConfigKey>)[name].type : undefined;
    }
    return FOREIGN_KEYS[key];
}

/**
 * One problem per value of the wrong type, naming the key, what the value is and what is
 * expected. Keys are qualified as written (`vpc-labs:x`, or `x` for the project's own);
 * unknown keys are left to the validator, which names the closest known ones.
 */
export function valueTypeProblems(values: Readonly<Record<string, unknown>>): Problem[] {
    const problems: Problem[] = [];
    for (const [written, value] of Object.entries(values)) {
        const key = written.includes(":") ? written : qualified(written);
        const type = declaredType(key);
        if (type === undefined || matches(type, value) || (value !== null && typeof value === "object" && "secure" in value)) {
            continue;
        }
        const shown = typeof value === "string" ? `"${excerpt(value)}"` : excerpt(value);
        problems.push({ key, rule: `${shown} is ${kindOf(value)}, not ${EXPECTED[type]}`, fix: fixFor(type, key, value) });
    }
    return problems;
}

/**
 * The type problems of `Pulumi.<stack>.yaml` in `projectDir`, for a real run (the CLI hands the
 * program text only). A missing or unparsable file has none here: the CLI reports those itself.
 */
export function stackFileTypeProblems(stack: string, projectDir: string): Problem[] {
    const file = join(projectDir, `Pulumi.${stack}.yaml`);
    if (!existsSync(file)) {
        return [];
    }
    let document: unknown;
    try {
        document = parse(readFileSync(file, "utf8"));
    } catch {
        return [];
    }
    const config = (document as { config?: unknown } | null)?.config;
    return config !== null && typeof config === "object" && !Array.isArray(config) ? valueTypeProblems(config as Record<string, unknown>) : [];
}
