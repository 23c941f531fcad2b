import { spawn } from "child_process";
import { RawConfig } from "../../config/reader";

/** What `pulumi-language-nodejs` is asked to run, as the engine's RunRequest carries it. */
export interface LaunchRequest {
    readonly projectDir: string;
    readonly project: string;
    readonly stack: string;
    readonly monitorAddress: string;
    readonly engineAddress: string;
    readonly dryRun: boolean;
    /** Fully qualified keys (`vpc-labs:labs`), values as Pulumi passes them (strings; JSON for structures). */
    readonly config: RawConfig;
    readonly secretKeys?: readonly string[];
    /** The program's entry point relative to the project; "." reads package.json's main. @default "." */
    readonly entryPoint?: string;
    /** The Pulumi.yaml `runtime.options` the host reads. @default typescript on, no tsconfig, no nodeargs */
    readonly runtimeOptions?: { readonly typescript?: boolean; readonly tsconfig?: string; readonly nodeargs?: readonly string[] };
}

/** How the program process ended, and what it wrote. */
export interface ProgramExit {
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** `<ns>:config:<name>`: the key form the host puts in PULUMI_CONFIG (main.go constructConfig). */
function hostConfigKey(key: string): string {
    const at = key.indexOf(":");
    return at < 0 ? key : `${key.slice(0, at)}:config:${key.slice(at + 1)}`;
}

/**
 * Starts the program exactly as `pulumi-language-nodejs` does (pulumi/pulumi
 * `sdk/nodejs/cmd/pulumi-language-nodejs/main.go`, `execNodejs` and `constructArguments`):
 * `node [nodeargs] <@pulumi/pulumi/cmd/run> --monitor <addr> --engine <addr> --project <p>
 * --stack <s> --pwd <dir> [--dry-run] --query-mode false --parallel <n> <entry point>`, with
 * the config in PULUMI_CONFIG, the secret keys in PULUMI_CONFIG_SECRET_KEYS and
 * PULUMI_NODEJS_TYPESCRIPT / PULUMI_NODEJS_TSCONFIG_PATH from Pulumi.yaml's runtime options.
 * The host's `--sync` pipes (a synchronous-invoke side channel of newer hosts) are not used.
 */
export function launchProgram(request: LaunchRequest): Promise<ProgramExit> {
    const runPath = require.resolve("@pulumi/pulumi/cmd/run", { paths: [request.projectDir] });
    const options = request.runtimeOptions ?? {};
    const args = [
        ...(options.nodeargs ?? []),
        runPath,
        "--monitor", request.monitorAddress,
        "--engine", request.engineAddress,
        "--project", request.project,
        "--stack", request.stack,
        "--pwd", request.projectDir,
        ...(request.dryRun ? ["--dry-run"] : []),
        "--query-mode", "false",
        "--parallel", "2147483647",
        request.entryPoint ?? ".",
    ];
    const config = Object.fromEntries(Object.entries(request.config).map(([key, value]) => [hostConfigKey(key), value]));
    const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_CONFIG: JSON.stringify(config), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.secretKeys ?? []) };
    // Whatever the caller runs under (tsx, mocha) is not what the host gives the program.
    delete env.NODE_OPTIONS;
    delete env.TSX_TSCONFIG_PATH;
    if (options.typescript ?? true) {
        env.PULUMI_NODEJS_TYPESCRIPT = "true";
    }
    if (options.tsconfig) {
        env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
    }
    const child = spawn(process.execPath, args, { cwd: request.projectDir, env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    return new Promise((resolve, reject) => {
        child.once("error", reject);
        child.once("close", (code, signal) => resolve({ code, signal, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() }));
    });
}
