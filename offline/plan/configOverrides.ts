import { parse } from "yaml";
import { PROJECT } from "../../config/keys";
import { RawConfig } from "../../config/reader";
import { UsageError } from "./cli";

/**
 * `--set key=value` (repeatable): config values for this run only, over the stack file. Each
 * value is read as YAML, as it would be written in `Pulumi.<stack>.yaml` (`true`, `1`,
 * `[public]`, `203.0.113.7/32`), and handed to the program as the CLI hands stack-file values,
 * so the program's own validation judges it exactly as it judges the stack file. A key without
 * a namespace is a `vpc-labs:` key.
 */
export function configOverrides(assignments: readonly string[]): RawConfig {
    const overrides: Record<string, string> = {};
    for (const assignment of assignments) {
        const eq = assignment.indexOf("=");
        if (eq <= 0) {
            throw new UsageError(`--set ${assignment}: write it as key=value, e.g. --set bastionSsmNaclExercise=true`);
        }
        const key = assignment.slice(0, eq).trim();
        const text = assignment.slice(eq + 1);
        let value: unknown;
        try {
            value = text === "" ? "" : parse(text);
        } catch (error) {
            throw new UsageError(`--set ${key}: ${JSON.stringify(text)} is not a YAML value: ${(error as Error).message}`);
        }
        overrides[key.includes(":") ? key : `${PROJECT}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return overrides;
}
