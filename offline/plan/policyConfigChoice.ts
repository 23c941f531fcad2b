import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { qualified } from "../../config/keys";
import { PROJECT_DIR } from "../../config/stackFiles";

/** The policy config a stack is checked with, and why that one. */
export interface PolicyConfigChoice {
    /** Absolute path; undefined: the pack's defaults. */
    readonly file?: string;
    /** How it was chosen, as reports say it. */
    readonly chosenBy: string;
}

/** The key a stack file names its policy config with. */
export const POLICY_CONFIG_KEY = qualified("policyConfig");

/** The `vpc-labs:policyConfig` a stack file names, if it names one (read without validation). */
export function namedPolicyConfig(stack: string, projectDir = PROJECT_DIR): string | undefined {
    const file = join(projectDir, `Pulumi.${stack}.yaml`);
    if (!existsSync(file)) {
        return undefined;
    }
    try {
        const doc = (parse(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
        const value = doc.config?.[POLICY_CONFIG_KEY] ?? doc.config?.policyConfig;
        return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
    } catch {
        // A broken stack file is reported by whoever reads the config; here it names nothing.
        return undefined;
    }
}

/**
 * The policy config of a stack, in this order: the file its stack file names with
 * `vpc-labs:policyConfig` (a classroom's student stacks name their source stack's), then
 * `policy/config.<stack>.json` when it exists, then the pack's defaults. `plan`, `policy` and
 * the other offline tools all choose with this, so a stack is judged alike everywhere.
 */
export function choosePolicyConfig(stack: string, projectDir = PROJECT_DIR): PolicyConfigChoice {
    const named = namedPolicyConfig(stack, projectDir);
    if (named !== undefined) {
        return { file: join(projectDir, named), chosenBy: `named by ${POLICY_CONFIG_KEY} in Pulumi.${stack}.yaml` };
    }
    const own = join(projectDir, "policy", `config.${stack}.json`);
    return existsSync(own) ? { file: own, chosenBy: "the stack's own" } : { chosenBy: `no policy/config.${stack}.json and no ${POLICY_CONFIG_KEY}` };
}
