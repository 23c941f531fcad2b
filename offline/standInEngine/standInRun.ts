import * as grpc from "@grpc/grpc-js";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { PROJECT } from "../../config/keys";
import { RawConfig } from "../../config/reader";
import { PolicyConfigFile } from "../../policy/packConfig";
import { assumedExistingVpcs } from "../assumedExistingVpcs";
import { fakeAccount } from "../engine";
import { FakeCloud } from "../fakeCloud";
import { RecordedResource } from "../../lib/records";
import { PROJECT_DIR, readStackConfig } from "../../config/stackFiles";
import { AnalyzerIdentity, AnalyzerPlugin, PluginViolation } from "./analyzerPlugin";
import { EngineLog, StandInEngineService } from "./engineService";
import { StandInMonitor } from "./monitorServer";
import { launchProgram, LaunchRequest, ProgramExit } from "./programLauncher";

export type StandInMode = "preview" | "update";

export interface StandInOptions {
    readonly stack: string;
    readonly mode: StandInMode;
    readonly projectDir?: string;
    /** Config over the stack file's (fully qualified keys), as `--set` gives it. */
    readonly overrides?: RawConfig;
    /**
     * Run the pack as an analyzer plugin with this config (undefined: the pack's defaults); false: no pack.
     * `packDir` serves another pack (a test's throwaway one), which is not configured.
     */
    readonly policy?: { readonly config?: PolicyConfigFile; readonly packDir?: string } | false;
    /** The config a stack file would give, when the program is not this project's (a throwaway test program). */
    readonly config?: RawConfig;
}

/** What a run through the stand-in engine produced. */
export interface StandInRun {
    readonly stack: string;
    readonly mode: StandInMode;
    readonly resources: readonly RecordedResource[];
    readonly unknowns: number;
    readonly logs: readonly EngineLog[];
    readonly program: ProgramExit;
    /** Undefined when the run had no pack. */
    readonly policy?: { readonly identity: AnalyzerIdentity; readonly violations: readonly PluginViolation[] };
    readonly region: string;
    readonly accountId: string;
}

/** Thrown when the program (or the pack) did not finish: the program's own report attached. */
export class ProgramCrash extends Error {
    constructor(
        message: string,
        readonly run: Omit<StandInRun, "policy">,
    ) {
        super(message);
        this.name = "ProgramCrash";
    }
}

/** Pulumi.yaml's `runtime.options`, which the language host reads. */
function runtimeOptions(projectDir: string): LaunchRequest["runtimeOptions"] {
    const project = parse(readFileSync(join(projectDir, "Pulumi.yaml"), "utf8")) as { runtime?: { options?: Record<string, unknown> } | string };
    const options = typeof project.runtime === "object" ? (project.runtime.options ?? {}) : {};
    return {
        typescript: options.typescript === undefined ? true : options.typescript === true,
        tsconfig: typeof options.tsconfig === "string" ? options.tsconfig : undefined,
        nodeargs: typeof options.nodeargs === "string" ? options.nodeargs.split(/\s+/).filter(Boolean) : undefined,
    };
}

function listen(server: grpc.Server): Promise<string> {
    return new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(`127.0.0.1:${port}`))),
    );
}

/**
 * Runs a stack's program as `pulumi preview` / `pulumi up --policy-pack policy` would: starts
 * the stand-in engine's gRPC server (ResourceMonitor and Engine) on an ephemeral port,
 * starts the pack as its analyzer plugin, launches the program through the SDK's own
 * `cmd/run` as the nodejs language host does, answers it from the offline fake cloud, and
 * reports what registered, what the plugin said and how the program ended. Nothing of the
 * program is loaded into this process.
 */
export async function runThroughStandIn(options: StandInOptions): Promise<StandInRun> {
    const projectDir = options.projectDir ?? PROJECT_DIR;
    const stackConfig = options.config ?? readStackConfig(options.stack, projectDir);
    const config: RawConfig = { ...stackConfig, ...options.overrides };
    const region = config["aws:region"];
    const account = fakeAccount(region ? { region } : undefined);
    const fullConfig: RawConfig = { "aws:region": account.region, ...config };
    const cloud = new FakeCloud(account, {}, assumedExistingVpcs(config, region ? { region } : undefined));
    const preview = options.mode === "preview";
    const server = new grpc.Server();
    const engine = new StandInEngineService();
    engine.addTo(server);
    const address = await listen(server);
    // The pack starts alongside the program, as the CLI starts its plugins; Analyze calls wait for it.
    const policy = options.policy === false ? undefined : (options.policy ?? {});
    const pluginReady =
        policy === undefined
            ? undefined
            : AnalyzerPlugin.start(address, policy.packDir).then(async (plugin) => {
                  const identity = await plugin.identify();
                  if (!policy.packDir) {
                      await plugin.configure(policy.config);
                  }
                  return { plugin, identity };
              });
    pluginReady?.catch(() => undefined); // awaited below; a failure is reported there
    const analyses: Promise<void>[] = [];
    const monitor = new StandInMonitor(cloud, PROJECT, options.stack, preview, (record, inputs) => {
        if (pluginReady) {
            analyses.push(pluginReady.then(({ plugin }) => plugin.analyze(record, inputs)));
        }
    });
    monitor.addTo(server);
    let plugin: AnalyzerPlugin | undefined;
    try {
        const program = await launchProgram({
            projectDir,
            project: PROJECT,
            stack: options.stack,
            monitorAddress: address,
            engineAddress: address,
            dryRun: preview,
            config: fullConfig,
            runtimeOptions: runtimeOptions(projectDir),
        });
        const run = { stack: options.stack, mode: options.mode, resources: monitor.resources, unknowns: monitor.unknowns, logs: engine.logs, program, region: account.region, accountId: account.accountId };
        if (program.code !== 0) {
            const reported = engine.errors().join("\n") || program.stderr.trim() || `exit code ${program.code}`;
            throw new ProgramCrash(`the program failed (exit code ${program.code}${program.signal ? `, ${program.signal}` : ""}):\n${reported}`, run);
        }
        if (!pluginReady) {
            return run;
        }
        const started = await pluginReady;
        plugin = started.plugin;
        await Promise.all(analyses);
        await plugin.analyzeStack(monitor.resources);
        return { ...run, policy: { identity: started.identity, violations: plugin.violations } };
    } finally {
        (plugin ?? (await pluginReady?.catch(() => undefined))?.plugin)?.stop();
        server.forceShutdown();
    }
}
