import { join } from "path";
import { LocalWorkspace, Stack, StackNotFoundError } from "@pulumi/pulumi/automation";
import { choosePolicyConfig } from "../offline/plan/policyConfigChoice";

/** What the classroom can do to one student stack. */
export type Action = "status" | "up" | "destroy";

/** How one stack's action ended. */
export interface Outcome {
    readonly stack: string;
    readonly action: Action;
    /** `skipped`: nothing to do (a destroy or status of a stack that was never created). */
    readonly result: "succeeded" | "failed" | "skipped";
    /** One line: resource changes, the last update, or the error. */
    readonly detail: string;
    readonly seconds: number;
}

type Changes = Readonly<Record<string, number>> | undefined;

function describeChanges(changes: Changes): string {
    const entries = Object.entries(changes ?? {}).filter(([, n]) => n > 0);
    return entries.length === 0 ? "no changes" : entries.map(([kind, n]) => `${kind} ${n}`).join(", ");
}

/** The first `error:` line of a CLI failure (the CLI prints the cause there), else the message's first line. */
export function errorLine(error: unknown): string {
    const stderr = (error as { commandResult?: { stderr?: string } }).commandResult?.stderr ?? "";
    const text = `${stderr}\n${error instanceof Error ? error.message : String(error)}`;
    const line = text.split("\n").map((l) => l.trim()).find((l) => /^error:/i.test(l) && !/^error: update failed$/i.test(l));
    return (line ?? text.trim().split("\n")[0] ?? "failed").replace(/^error:\s*/i, "").slice(0, 300);
}

/**
 * Runs one action on one stack with Pulumi's Automation API over the project folder (the CLI
 * reads the stack's own `Pulumi.<stack>.yaml`, as `pulumi up --stack <name>` would). `up`
 * creates the stack when it does not exist and runs the policy pack with the stack's policy
 * config; `status` and `destroy` select it, and call a missing stack skipped.
 */
export async function runAction(action: Action, stackName: string, projectDir: string): Promise<Outcome> {
    const started = Date.now();
    const done = (result: Outcome["result"], detail: string): Outcome => ({ stack: stackName, action, result, detail, seconds: (Date.now() - started) / 1000 });
    let stack: Stack;
    try {
        stack =
            action === "up"
                ? await LocalWorkspace.createOrSelectStack({ stackName, workDir: projectDir })
                : await LocalWorkspace.selectStack({ stackName, workDir: projectDir });
    } catch (error) {
        if (error instanceof StackNotFoundError || (error as Error).name === "StackNotFoundError") {
            return done("skipped", "not created");
        }
        return done("failed", errorLine(error));
    }
    try {
        if (action === "up") {
            const policy = choosePolicyConfig(stackName, projectDir);
            const result = await stack.up({
                policyPacks: [join(projectDir, "policy")],
                ...(policy.file ? { policyPackConfigs: [policy.file] } : {}),
            });
            return done("succeeded", describeChanges(result.summary.resourceChanges));
        }
        if (action === "destroy") {
            const result = await stack.destroy();
            return done("succeeded", describeChanges(result.summary.resourceChanges));
        }
        // No secrets: a status needs no passphrase.
        const last = await stack.info(false);
        const at = last ? new Date(last.endTime ?? last.startTime).toISOString().replace(/\.\d+Z$/, "Z") : "";
        return done("succeeded", last ? `last ${last.kind} ${last.result} at ${at} (${describeChanges(last.resourceChanges)})` : "created, never updated");
    } catch (error) {
        return done("failed", errorLine(error));
    }
}
