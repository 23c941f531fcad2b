import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { join } from "path";
import { assumedExistingVpcs } from "../assumedExistingVpcs";
import { OfflineEngine, OfflineEngineOptions } from "../engine";
import { RecordedResource } from "../../lib/records";
import { RawConfig } from "../../config/reader";
import { PROJECT_DIR, readStackConfig } from "../../config/stackFiles";
import { classAppliedQuotas } from "./quotaSection";
import { ROOT_STACK_TYPE } from "./resourceGraph";

/** A Pulumi program: what `index.ts` exports, or a small one written by a test. */
export type Program = () => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;

/** What running a program offline produced. */
export interface ProgramRun {
    readonly stack: string;
    readonly project: string;
    /** Every registered resource in registration order, the root `pulumi:pulumi:Stack` first. */
    readonly resources: readonly RecordedResource[];
    /** The stack outputs, as `pulumi stack output --json` would show them (secrets in plain text). */
    readonly outputs: Record<string, unknown>;
    /** The account and region the fake cloud answered for. */
    readonly region: string;
    readonly accountId: string;
}

export interface RunOptions extends OfflineEngineOptions {
    /**
     * Keep full stack traces during the run. Off, errors created during the run have no frames:
     * the SDK captures a stack for every promise and resource, which costs a third of the run.
     * Runs are deterministic, so a failing run can be repeated with them on to report the bug.
     * @default false
     */
    readonly fullStackTraces?: boolean;
}

/**
 * Runs a program the way the Pulumi CLI does, inside the root `pulumi:pulumi:Stack` resource,
 * under a fresh {@link OfflineEngine}: every registration recorded, IDs and computed outputs
 * from the fake cloud. Rejects with the program's own error (a ConfigError stays a
 * ConfigError) after the registrations it started have settled.
 *
 * Pulumi's runtime is global state: runs must not overlap, and each run starts a new engine.
 */
export async function runProgram(program: Program, options: RunOptions = {}): Promise<ProgramRun> {
    const engine = await OfflineEngine.start(options);
    useEngineUrns(engine.stack, pulumi.getProject());
    const escaped: unknown[] = [];
    const onUnhandled = (reason: unknown) => escaped.push(reason);
    process.on("unhandledRejection", onUnhandled);
    // The SDK reads `new Error().stack` for every resource and promise; with source maps on (tsx
    // turns them on) each read maps every frame. Both settings come back after the run.
    const sourceMaps = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled ?? process.execArgv.includes("--enable-source-maps");
    const stackTraceLimit = Error.stackTraceLimit;
    if (!options.fullStackTraces) {
        process.setSourceMapsEnabled(false);
        Error.stackTraceLimit = 0;
    }
    try {
        let failure: { error: unknown } | undefined;
        // The error is caught inside the stack's init: thrown out of it, the SDK would also
        // reject the stack's output promises, which nobody awaits.
        const outputs = await pulumi.runtime.runInPulumiStack(async () => {
            try {
                return (await program()) ?? {};
            } catch (error) {
                failure = { error };
                return undefined;
            }
        });
        await engine.settle();
        if (failure) {
            throw failure.error;
        }
        if (escaped.length > 0) {
            throw escaped[0];
        }
        return {
            stack: engine.stack,
            project: pulumi.getProject(),
            resources: engine.resources,
            outputs: (outputs ?? {}) as Record<string, unknown>,
            region: engine.cloud.account.region,
            accountId: engine.cloud.account.accountId,
        };
    } finally {
        process.off("unhandledRejection", onUnhandled);
        process.setSourceMapsEnabled(sourceMaps);
        Error.stackTraceLimit = stackTraceLimit;
    }
}

/**
 * Runs this project's program (`index.ts`, or the program given) for a stack: with the config
 * the Pulumi CLI would hand it (Pulumi.yaml defaults under `Pulumi.<stack>.yaml`), in the
 * stack file's region, in an account with the quotas its class needs (see {@link classAppliedQuotas}).
 * Throws StackFileError for a missing or unreadable stack file, ConfigError for a bad config.
 */
export async function runStack(
    stack: string,
    projectDir = PROJECT_DIR,
    program?: Program,
    options: Pick<RunOptions, "fullStackTraces"> & { readonly overrides?: RawConfig } = {},
): Promise<ProgramRun> {
    const { overrides, ...runOptions } = options;
    const config = { ...readStackConfig(stack, projectDir), ...overrides };
    const region = config["aws:region"];
    const appliedQuotas = classAppliedQuotas(stack, projectDir);
    const account = region || appliedQuotas ? { ...(region ? { region } : {}), ...(appliedQuotas ? { appliedQuotas } : {}) } : undefined;
    return runProgram(program ?? loadProgram(projectDir), { ...runOptions, stack, config, account, existingVpcs: assumedExistingVpcs(config, account) });
}

/**
 * The project's program, `index.ts`. Loaded on demand, not imported: it pulls in every
 * component, which only a run needs. Source maps are off while it loads, because tsx
 * captures a stack trace for every module it resolves.
 */
export function loadProgram(projectDir = PROJECT_DIR): Program {
    const sourceMaps = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled ?? false;
    process.setSourceMapsEnabled(false);
    try {
        return require(join(projectDir, "index")) as Program; // eslint-disable-line @typescript-eslint/no-require-imports
    } finally {
        process.setSourceMapsEnabled(sourceMaps);
    }
}

/**
 * Makes the mock monitor name resources as the Pulumi engine does: a resource's type is
 * qualified by its parent's whole qualified type, except under the root stack. (The SDK's
 * mock monitor keeps only the parent's last type and does not skip the root stack, so
 * without this an export's URNs would not match a deployed stack's.)
 */
function useEngineUrns(stack: string, project: string): void {
    const monitor = settings.getMonitor() as unknown as { newUrn(parent: string, type: string, name: string): string };
    monitor.newUrn = (parent: string, type: string, name: string): string => engineUrn(stack, project, parent, type, name);
}

/** The URN the Pulumi engine gives a resource: its type qualified by its parent's whole qualified type, except under the root stack. */
export function engineUrn(stack: string, project: string, parent: string, type: string, name: string): string {
    const parentType = parent ? parent.split("::")[2] : "";
    const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}
