/**
 * `npx tsx tests/policy/runningPack.ts`: starts the pack the way `pulumi preview --policy-pack
 * policy` does (Pulumi's run-policy-pack, ts-node with type checking, in the policy directory),
 * talks to it over gRPC as the CLI does (GetAnalyzerInfo, Configure with the reconciled config,
 * Analyze per resource, AnalyzeStack), and checks that its diagnostics on the original labs
 * equal the in-process analyzer's: with the defaults, with config.lab.json, and on preview
 * records with an unusual config. Exit code 1 on any difference. Takes a minute or two (the
 * type check of @pulumi/aws), so it is not part of `npm test`.
 */
import * as grpc from "@grpc/grpc-js";
import { EnforcementLevel } from "@pulumi/policy";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { spawn } from "child_process";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { join } from "path";
import { OfflineEngine } from "../../offline/engine";
import { analyze, PolicyResourceRecord, recordsFromEngine } from "../../policy/analyzer";
import { loadPolicyConfigFile, PolicyConfigFile, resolvePolicyConfig } from "../../policy/packConfig";
import { PACK_ENFORCEMENT_LEVEL, POLICIES } from "../../policy/policies";
import { buildOriginalLabs } from "../fixtures/policy/originalLabs";
import { analyzeThrough, RpcHandler } from "../fixtures/policy/policyServer";
import { asPreview } from "../fixtures/policy/records";

// The generated gRPC client has no typings in @pulumi/pulumi.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { AnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb") as { AnalyzerClient: new (address: string, credentials: grpc.ChannelCredentials) => grpc.Client };

const POLICY_DIR = join(__dirname, "../../policy");
const LEVELS: Record<EnforcementLevel, analyzerproto.EnforcementLevel> = {
    advisory: analyzerproto.EnforcementLevel.ADVISORY,
    mandatory: analyzerproto.EnforcementLevel.MANDATORY,
    remediate: analyzerproto.EnforcementLevel.REMEDIATE,
    disabled: analyzerproto.EnforcementLevel.DISABLED,
};

/** Starts the pack as the CLI's analyzer plugin does and resolves with the port it prints. */
function startPack(): Promise<{ port: string; stop(): void }> {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [POLICY_DIR] });
    const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], { cwd: POLICY_DIR, stdio: ["ignore", "pipe", "inherit"] });
    return new Promise((resolve, reject) => {
        child.stdout.once("data", (data: Buffer) => resolve({ port: data.toString().trim(), stop: () => child.kill() }));
        child.once("exit", (code) => reject(new Error(`the pack exited with code ${code} before printing its port`)));
    });
}

function unary(client: grpc.Client, method: string): (request: unknown) => Promise<unknown> {
    const fn = (client as unknown as Record<string, (req: unknown, cb: (e: Error | null, r: unknown) => void) => void>)[method].bind(client);
    return (request) => new Promise((resolve, reject) => fn(request, (error, response) => (error ? reject(error) : resolve(response))));
}

async function configure(client: grpc.Client, config?: PolicyConfigFile): Promise<void> {
    const request = new analyzerproto.ConfigureAnalyzerRequest();
    for (const [name, resolved] of resolvePolicyConfig(POLICIES, PACK_ENFORCEMENT_LEVEL, config)) {
        const policyConfig = new analyzerproto.PolicyConfig();
        policyConfig.setEnforcementlevel(LEVELS[resolved.enforcementLevel]);
        policyConfig.setProperties(Struct.fromJavaScript(resolved.properties as never));
        request.getPolicyconfigMap().set(name, policyConfig);
    }
    await unary(client, "configure")(request);
}

async function compare(client: grpc.Client, label: string, records: readonly PolicyResourceRecord[], config?: PolicyConfigFile): Promise<boolean> {
    await configure(client, config);
    const handler =
        (method: string): RpcHandler =>
        async (call, callback) => {
            try {
                callback(null, (await unary(client, method)(call.request)) as analyzerproto.AnalyzeResponse);
            } catch (error) {
                callback(error as Error);
            }
        };
    const running = await analyzeThrough(records, { analyze: handler("analyze"), analyzeStack: handler("analyzeStack") });
    const inProcess = (await analyze(records, config)).violations.map((v) => ({
        ...v,
        message: v.message.startsWith("can't run") ? v.message : `${v.description}\n${v.message}`,
    }));
    const key = (d: { policyName: string; enforcementLevel: string; urn?: string; message: string }) => `${d.enforcementLevel} ${d.policyName} ${d.urn} ${d.message}`;
    const a = running.map(key).sort();
    const b = inProcess.map(key).sort();
    const same = JSON.stringify(a) === JSON.stringify(b);
    console.log(`${same ? "same" : "DIFFERENT"}: ${label}: running pack ${a.length} diagnostics, in-process ${b.length}`);
    if (!same) {
        console.log("only from the running pack:", a.filter((d) => !b.includes(d)));
        console.log("only in-process:", b.filter((d) => !a.includes(d)));
    }
    return same;
}

async function main(): Promise<number> {
    const pack = await startPack();
    const client = new AnalyzerClient(`127.0.0.1:${pack.port}`, grpc.credentials.createInsecure());
    try {
        const info = (await unary(client, "getAnalyzerInfo")(new Empty())) as analyzerproto.AnalyzerInfo;
        const served = info.getPoliciesList().map((p) => p.getName());
        console.log(`${info.getName()}@${info.getVersion()} serves ${served.length} policies`);
        if (JSON.stringify(served) !== JSON.stringify(POLICIES.map((p) => p.name))) {
            console.log("DIFFERENT policy list:", served);
            return 1;
        }
        const engine = await OfflineEngine.start();
        buildOriginalLabs();
        await engine.settle();
        const records = recordsFromEngine(engine.resources);
        const unusual: PolicyConfigFile = { all: "advisory", "vpc-cidr-private": "disabled", "flow-log-group-retention": { enforcementLevel: "remediate", maxRetentionDays: 14 } };
        const results = [
            await compare(client, "original labs, defaults", records),
            await compare(client, "original labs, config.lab.json", records, loadPolicyConfigFile(join(POLICY_DIR, "config.lab.json"))),
            await compare(client, "original labs as a preview, unusual config", asPreview(records), unusual),
        ];
        return results.every(Boolean) ? 0 : 1;
    } finally {
        client.close();
        pack.stop();
    }
}

main().then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
    },
);
