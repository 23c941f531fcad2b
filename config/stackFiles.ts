import { existsSync, readdirSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { PROJECT } from "./keys";
import { RawConfig } from "./reader";
import { valueTypeProblems } from "./valueTypes";
import { didYouMean } from "../lib/closestNames";
import { excerpt, quoted, throwIfProblems } from "../lib/errors";
import { readRegularFile } from "../lib/files";

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

/** Pulumi's rule for stack names: letters, digits, hyphens, underscores and periods. */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** The text of a stack or project file, or a StackFileError naming the file and why it cannot be read. */
function readTextFile(file: string, shownAs: string): string {
    const text = readRegularFile(file, (reason) => new StackFileError(`${shownAs} cannot be read: ${reason}`));
    // Invalid UTF-8 decodes to U+FFFD; NUL never occurs in YAML text: both mean a binary file.
    if (text.includes("\u0000") || text.includes("\uFFFD")) {
        throw new StackFileError(`${shownAs} is not a text file (it holds binary data); write it as UTF-8 YAML`);
    }
    return text;
}

function isMapping(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** What YAML parsed to, named for a message: a list, a string, the number 42. */
function kindOf(value: unknown): string {
    if (Array.isArray(value)) {
        return "a list";
    }
    return value === null ? "null" : `${typeof value === "object" ? "an object" : `a ${typeof value}`} (${quoted(value)})`;
}

/** Parses a Pulumi YAML file that must be a mapping; an empty file is an empty mapping. */
function parseMapping(text: string, shownAs: string): Record<string, unknown> {
    let document: unknown;
    try {
        document = parse(text);
    } catch (error) {
        // The parser's first line says what and where; the rest quotes the file, which can be huge.
        const reason = (error as Error).message.split("\n")[0].replace(/:$/, "");
        throw new StackFileError(`${shownAs} is not valid YAML: ${excerpt(reason)}`);
    }
    if (document === null || document === undefined) {
        return {};
    }
    if (!isMapping(document)) {
        throw new StackFileError(`${shownAs} is not a YAML mapping: it holds ${kindOf(document)}; write it as "config:" followed by "  vpc-labs:<key>: <value>" lines`);
    }
    if (document.config !== undefined && document.config !== null && !isMapping(document.config)) {
        throw new StackFileError(`${shownAs}: config is ${kindOf(document.config)}, not a mapping of keys to values; write each setting as "  vpc-labs:<key>: <value>" under config:`);
    }
    const stray = Object.keys(document).filter((key) => key.startsWith(`${PROJECT}:`));
    if (stray.length > 0) {
        throw new StackFileError(`${shownAs}: ${excerpt(stray.join(", "))} sits at the top level, where Pulumi ignores it; indent it under config:`);
    }
    return document;
}

/** The stacks with a file in the folder, for suggestions. */
function stacksIn(projectDir: string): string[] {
    try {
        return readdirSync(projectDir)
            .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
            .filter((name): name is string => name !== undefined)
            .sort();
    } catch {
        return [];
    }
}

/**
 * The config a stack's program sees, as the Pulumi CLI assembles it: the project-level
 * defaults of Pulumi.yaml, overridden by `Pulumi.<stack>.yaml`, keys qualified with their
 * namespace. Secure (encrypted) values cannot be read offline and are refused by name; a
 * stack file that is not a mapping of settings is refused rather than planned with defaults.
 */
export function readStackConfig(stack: string, projectDir = PROJECT_DIR): RawConfig {
    if (!STACK_NAME.test(stack)) {
        throw new StackFileError(`${quoted(stack)} is not a stack name: Pulumi stack names use letters, digits, hyphens, underscores and periods; name one of the committed stacks (dev, lab)`);
    }
    const stackFile = join(projectDir, `Pulumi.${stack}.yaml`);
    if (!existsSync(stackFile)) {
        const nearest = didYouMean(stack, stacksIn(projectDir));
        throw new StackFileError(`no stack file Pulumi.${stack}.yaml in ${projectDir}${nearest || "; create it, or name one of the committed stacks (dev, lab)"}`);
    }
    const project = parseMapping(readTextFile(join(projectDir, "Pulumi.yaml"), "Pulumi.yaml"), "Pulumi.yaml") as { config?: Record<string, unknown> };
    const stackDoc = parseMapping(readTextFile(stackFile, `Pulumi.${stack}.yaml`), `Pulumi.${stack}.yaml`) as { config?: Record<string, unknown> };
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
            throw new StackFileError(`${excerpt(key)} in Pulumi.${stack}.yaml is an encrypted secret, which an offline run cannot decrypt; use a plain value for offline runs`);
        }
        raw[key.includes(":") ? key : `${PROJECT}:${key}`] = asConfigText(value);
    }
    // Still typed here: once turned into text, `student: 7` would read as the name "7".
    throwIfProblems(`Pulumi.${stack}.yaml`, valueTypeProblems(stackDoc.config ?? {}));
    return raw;
}
