import * as grpc from "@grpc/grpc-js";
import { EnforcementLevel } from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as pluginproto from "@pulumi/pulumi/proto/plugin_pb";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { ChildProcess, spawn } from "child_process";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { join } from "path";
import { PolicyConfigFile, resolvePolicyConfig } from "../../policy/packConfig";
import { PACK_ENFORCEMENT_LEVEL, POLICIES } from "../../policy/policies";
import { RecordedResource } from "../../lib/records";
import { UNKNOWN } from "./previewModel";

// The generated gRPC client has no typings in @pulumi/pulumi.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { AnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb") as { AnalyzerClient: new (address: string, credentials: grpc.ChannelCredentials) => grpc.Client };

/** One diagnostic the plugin returned, as `--json` reports it. */
export interface PluginViolation {
    readonly policyName: string;
    readonly urn?: string;
    readonly enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
    readonly message: string;
}

/** What GetAnalyzerInfo and GetPluginInfo reported. */
export interface AnalyzerIdentity {
    readonly name: string;
    readonly version: string;
    readonly policies: readonly string[];
    /** Policies whose config schema the plugin reports. */
    readonly configSchemas: readonly string[];
    readonly pluginVersion: string;
}

const LEVELS: Record<EnforcementLevel, analyzerproto.EnforcementLevel> = {
    advisory: analyzerproto.EnforcementLevel.ADVISORY,
    mandatory: analyzerproto.EnforcementLevel.MANDATORY,
    remediate: analyzerproto.EnforcementLevel.REMEDIATE,
    disabled: analyzerproto.EnforcementLevel.DISABLED,
};
const LEVEL_NAMES = Object.fromEntries(Object.entries(LEVELS).map(([name, level]) => [level, name])) as Record<number, PluginViolation["enforcementLevel"]>;

/** The pack's folder. */
export const POLICY_DIR = join(__dirname, "../../policy");

/**
 * A value as the engine marshals it for an analyzer (`MarshalOptions{KeepUnknowns, KeepSecrets,
 * SkipInternalKeys}`, no KeepResources): unknowns as the sentinel, and a resource reference
 * downgraded to the resource's ID (unknown while it has none) or, for a component, its URN.
 */
function forAnalyzer(value: unknown): unknown {
    if (pulumi.isUnknown(value)) {
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map(forAnalyzer);
    }
    if (value !== null && typeof value === "object") {
        const reference = value as Record<string, unknown>;
        if (reference[rpc.specialSigKey] === rpc.specialResourceSig) {
            return reference.id === undefined ? reference.urn : reference.id === "" ? UNKNOWN : reference.id;
        }
        return Object.fromEntries(Object.entries(reference).map(([key, item]) => [key, forAnalyzer(item)]));
    }
    return value;
}

/** JSON for a Struct, marshalled for an analyzer; undefined properties absent. */
function struct(value: Readonly<Record<string, unknown>>): Struct {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(forAnalyzer(value))));
}

function resourceOptions(record: RecordedResource): analyzerproto.AnalyzerResourceOptions {
    const options = new analyzerproto.AnalyzerResourceOptions();
    options.setProtect(record.protect);
    if (record.parent) {
        options.setParent(record.parent);
    }
    return options;
}

/**
 * The pack as the CLI runs it with `--policy-pack policy`: `pulumi-analyzer-policy` starts
 * `node <@pulumi/pulumi>/cmd/run-policy-pack <engine address> <pack dir>` in the pack's
 * folder; the pack prints its port; the engine calls GetAnalyzerInfo and GetPluginInfo,
 * Configure with the `--policy-pack-config` file (merged with the declared levels as the
 * CLI merges it), Analyze for each resource as it registers and AnalyzeStack at the end.
 */
export class AnalyzerPlugin {
    readonly violations: PluginViolation[] = [];
    private readonly pending: Promise<void>[] = [];
    private stderr = "";

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: grpc.Client,
    ) {}

    /** Starts the plugin process as `pulumi-analyzer-policy` does (run-policy-pack registers ts-node itself, type-checking). */
    static async start(engineAddress: string, packDir = POLICY_DIR): Promise<AnalyzerPlugin> {
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
        const env: NodeJS.ProcessEnv = { ...process.env };
        delete env.NODE_OPTIONS;
        const child = spawn(process.execPath, [runner, engineAddress, "."], { cwd: packDir, env, stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const port = await new Promise<string>((resolve, reject) => {
            let out = "";
            child.stdout.on("data", (chunk: Buffer) => {
                out += chunk.toString();
                const line = /^(\d+)\s*$/m.exec(out);
                if (line) {
                    resolve(line[1]);
                }
            });
            child.once("exit", (code) => reject(new Error(`the policy pack exited with code ${code} before printing its port:\n${stderr}`)));
        });
        const plugin = new AnalyzerPlugin(child, new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()));
        plugin.stderr = stderr;
        return plugin;
    }

    private unary<T>(method: string, request: unknown): Promise<T> {
        const fn = (this.client as unknown as Record<string, (req: unknown, cb: (e: Error | null, r: T) => void) => void>)[method].bind(this.client);
        return new Promise((resolve, reject) => fn(request, (error, response) => (error ? reject(new Error(`analyzer ${method}: ${error.message}${this.stderr ? `\n${this.stderr}` : ""}`)) : resolve(response))));
    }

    async identify(): Promise<AnalyzerIdentity> {
        const info = await this.unary<analyzerproto.AnalyzerInfo>("getAnalyzerInfo", new Empty());
        const plugin = await this.unary<pluginproto.PluginInfo>("getPluginInfo", new Empty());
        const schemas: string[] = [];
        info.getPoliciesList().forEach((p) => {
            if (p.getConfigschema()) {
                schemas.push(p.getName());
            }
        });
        return { name: info.getName(), version: info.getVersion(), policies: info.getPoliciesList().map((p) => p.getName()), configSchemas: schemas, pluginVersion: plugin.getVersion() };
    }

    /** Configure with a policy config file, reconciled with the pack's declared levels as the CLI does. */
    async configure(config?: PolicyConfigFile): Promise<void> {
        const request = new analyzerproto.ConfigureAnalyzerRequest();
        for (const [name, resolved] of resolvePolicyConfig(POLICIES, PACK_ENFORCEMENT_LEVEL, config)) {
            const policyConfig = new analyzerproto.PolicyConfig();
            policyConfig.setEnforcementlevel(LEVELS[resolved.enforcementLevel]);
            policyConfig.setProperties(Struct.fromJavaScript(resolved.properties as never));
            request.getPolicyconfigMap().set(name, policyConfig);
        }
        await this.unary("configure", request);
    }

    private collect(response: analyzerproto.AnalyzeResponse, resourceUrn?: string): void {
        for (const d of response.getDiagnosticsList()) {
            const urn = d.getUrn() || resourceUrn;
            this.violations.push({ policyName: d.getPolicyname(), ...(urn ? { urn } : {}), enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()], message: d.getMessage() });
        }
    }

    /** Analyze one resource with the inputs it registered with; the answer is collected, not awaited. */
    analyze(record: RecordedResource, inputs: Struct): void {
        const request = new analyzerproto.AnalyzeRequest();
        request.setUrn(record.urn);
        request.setType(record.type);
        request.setName(record.name);
        request.setProperties(struct(inputs.toJavaScript()));
        request.setOptions(resourceOptions(record));
        this.pending.push(this.unary<analyzerproto.AnalyzeResponse>("analyze", request).then((response) => this.collect(response, record.urn)));
    }

    /** Waits for every Analyze, then AnalyzeStack with every resource's outputs. */
    async analyzeStack(resources: readonly RecordedResource[]): Promise<void> {
        await Promise.all(this.pending);
        const request = new analyzerproto.AnalyzeStackRequest();
        request.setResourcesList(
            resources.map((record) => {
                const resource = new analyzerproto.AnalyzerResource();
                resource.setUrn(record.urn);
                resource.setType(record.type);
                resource.setName(record.name);
                // A bridged provider reports the ID among the outputs; unknown until the create.
                resource.setProperties(struct({ ...(record.custom ? { id: record.id || UNKNOWN } : {}), ...record.outputs }));
                resource.setOptions(resourceOptions(record));
                resource.setParent(record.parent ?? "");
                resource.setDependenciesList([...record.dependencies]);
                for (const [key, urns] of Object.entries(record.propertyDependencies)) {
                    const dependencies = new analyzerproto.AnalyzerPropertyDependencies();
                    dependencies.setUrnsList([...urns]);
                    resource.getPropertydependenciesMap().set(key, dependencies);
                }
                return resource;
            }),
        );
        this.collect(await this.unary<analyzerproto.AnalyzeResponse>("analyzeStack", request));
    }

    stop(): void {
        this.client.close();
        this.child.kill();
    }
}
