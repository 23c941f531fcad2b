import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { PROJECT } from "../config/keys";
import { RawConfig } from "../config/reader";

/** The folder holding Pulumi.yaml and the committed stack files. */
export const PROJECT_DIR = join(__dirname, "..");

/** Pulumi passes every config value to the program as a string; structured values as JSON text. */
function asConfigText(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** Thrown when a stack's config file is missing or is not the YAML Pulumi expects. */
export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

/**
 * The config a stack's program sees, as the Pulumi CLI assembles it: the project-level
 * defaults of Pulumi.yaml, overridden by `Pulumi.<stack>.yaml`, keys qualified with their
 * namespace. Secure (encrypted) values cannot be read offline and are refused by name.
 */
export function readStackConfig(stack: string, projectDir = PROJECT_DIR): RawConfig {
    const stackFile = join(projectDir, `Pulumi.${stack}.yaml`);
    if (!existsSync(stackFile)) {
        throw new StackFileError(`no stack file Pulumi.${stack}.yaml in ${projectDir}; create it, or name one of the committed stacks (dev, lab)`);
    }
    const project = (parse(readFileSync(join(projectDir, "Pulumi.yaml"), "utf8")) ?? {}) as { config?: Record<string, unknown> };
    let stackDoc: { config?: Record<string, unknown> };
    try {
        stackDoc = (parse(readFileSync(stackFile, "utf8")) ?? {}) as typeof stackDoc;
    } catch (error) {
        throw new StackFileError(`Pulumi.${stack}.yaml is not valid YAML: ${(error as Error).message}`);
    }
    const raw: Record<string, string> = {};
    for (const [key, declaration] of Object.entries(project.config ?? {})) {
        const spec = declaration as { default?: unknown; value?: unknown } | string | number | boolean;
        const value = typeof spec === "object" && spec !== null ? (spec.value ?? spec.default) : spec;
        if (value !== undefined) {
            raw[key.includes(":") ? key : `${PROJECT}:${key}`] = asConfigText(value);
        }
    }
    for (const [key, value] of Object.entries(stackDoc.config ?? {})) {
        if (value !== null && typeof value === "object" && "secure" in (value as object)) {
            throw new StackFileError(`${key} in Pulumi.${stack}.yaml is an encrypted secret, which an offline run cannot decrypt; use a plain value for offline runs`);
        }
        raw[key.includes(":") ? key : `${PROJECT}:${key}`] = asConfigText(value);
    }
    return raw;
}
