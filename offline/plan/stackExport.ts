import { createHash } from "crypto";
import { RecordedResource } from "../../lib/records";
import type { ProgramRun } from "./programRunner";
import { formatExportProblems, resourceProblems, versionProblem } from "./exportValidation";
import { withResourceReferences } from "./resourceReferences";
import { ROOT_STACK_TYPE } from "./resourceGraph";

/**
 * The `pulumi stack export` document (deployment schema version 3), as defined by the
 * Pulumi CLI's `apitype.UntypedDeployment`, `DeploymentV3` and `ResourceV3`: only the fields
 * this package writes or reads are typed; others pass through untouched.
 * https://github.com/pulumi/pulumi/blob/master/sdk/go/common/apitype/core.go
 */
export interface StackExport {
    readonly version: number;
    readonly deployment: Deployment;
}

export interface Deployment {
    readonly manifest: {
        readonly time: string;
        readonly magic: string;
        readonly version: string;
        readonly plugins?: readonly { readonly name: string; readonly path: string; readonly type: string; readonly version: string }[];
    };
    readonly secrets_providers?: { readonly type: string; readonly state?: unknown };
    readonly resources?: readonly ExportedResource[];
    readonly pending_operations?: readonly unknown[];
}

/** One resource of a deployment (`ResourceV3`); omitted fields take Go's zero values. */
export interface ExportedResource {
    readonly urn: string;
    readonly custom: boolean;
    /** Marked for deletion by the next update: an old copy, not part of the stack's desired state. */
    readonly delete?: boolean;
    readonly id?: string;
    readonly type: string;
    readonly inputs?: Record<string, unknown>;
    readonly outputs?: Record<string, unknown>;
    readonly parent?: string;
    readonly protect?: boolean;
    readonly external?: boolean;
    readonly dependencies?: readonly string[] | null;
    /** `<provider URN>::<provider ID>`. */
    readonly provider?: string;
    /**
     * Input property name to the URNs its value came from. The engine writes `[]` for none
     * (since pulumi/pulumi#15637; older CLIs wrote `null`, which the reader still accepts).
     */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[] | null>> | null;
    readonly retainOnDelete?: boolean;
    readonly pendingReplacement?: boolean;
}

/** The signature key Pulumi puts on secrets, assets, archives and resource references in state. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The newest deployment schema the Pulumi CLI writes, and the newest this reader knows. */
export const DEPLOYMENT_VERSION = 3;

/** The stack and project a URN belongs to, its qualified type and name. */
export function parseUrn(urn: string): { stack: string; project: string; qualifiedType: string; name: string } {
    const parts = urn.split("::");
    if (!urn.startsWith("urn:pulumi:") || parts.length < 4) {
        throw new ExportFormatError(`"${urn}" is not a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>)`);
    }
    return {
        stack: parts[0].slice("urn:pulumi:".length),
        project: parts[1],
        qualifiedType: parts[2],
        // A resource name may itself contain "::".
        name: parts.slice(3).join("::"),
    };
}

/** A document that is not a stack export this tool can read; exit code 2. */
export class ExportFormatError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ExportFormatError";
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

export interface ExportOptions {
    /** The manifest's time. @default now */
    readonly time?: Date;
}

/** Versions of the provider packages the program loaded, for default provider names. */
function providerVersion(pkg: string): string | undefined {
    try {
        return (require(`@pulumi/${pkg}/package.json`) as { version: string }).version; // eslint-disable-line @typescript-eslint/no-require-imports
    } catch {
        return undefined;
    }
}

/** The package of a resource type: `aws` for `aws:ec2/vpc:Vpc`. */
function packageOf(type: string): string {
    return type.split(":")[0];
}

/**
 * A stack export of an offline run, as `pulumi stack export --show-secrets` would write it
 * after `pulumi up` of the same program: the root stack with its outputs, one default provider
 * per package (the engine registers those; mocks do not) with its plugin in the manifest (awsx's
 * too, for its remote components), then every resource with its inputs,
 * outputs, parent, dependencies, property dependencies and provider reference.
 */
export function toStackExport(run: ProgramRun, options: ExportOptions = {}): StackExport {
    const resources: ExportedResource[] = [];
    const providers = new Map<string, string>();
    const sdkVersion = providerVersion("pulumi") ?? "3.0.0";
    const plugins: { name: string; path: string; type: string; version: string }[] = [];
    const defaultProvider = (pkg: string): string => {
        const known = providers.get(pkg);
        if (known) {
            return known;
        }
        const version = providerVersion(pkg);
        const name = version ? `default_${version.replace(/[.\-+]/g, "_")}` : "default";
        const urn = `urn:pulumi:${run.stack}::${run.project}::pulumi:providers:${pkg}::${name}`;
        const id = uuidOf(urn);
        const inputs: Record<string, unknown> = pkg === "aws" ? { region: run.region } : {};
        if (version) {
            inputs.version = version;
            plugins.push({ name: pkg, path: "", type: "resource", version });
        }
        resources.push({ urn, custom: true, id, type: `pulumi:providers:${pkg}`, inputs, outputs: { ...inputs } });
        providers.set(pkg, `${urn}::${id}`);
        return `${urn}::${id}`;
    };

    for (const record of run.resources) {
        // Custom resources and remote components (awsx's, built by the awsx plugin) name their provider.
        const provided = (record.custom || record.remote === true) && !record.type.startsWith("pulumi:providers:");
        const provider = provided ? (record.provider ?? defaultProvider(packageOf(record.type))) : record.provider;
        const exported = exportedOf(record, provider);
        const referenced = record.remote === true && exported.outputs ? withResourceReferences(exported.outputs, record.urn, run.resources, (type) => providerVersion(packageOf(type))) : undefined;
        resources.push(referenced ? { ...exported, outputs: referenced } : exported);
    }
    const version = `v${sdkVersion}`;
    return {
        version: DEPLOYMENT_VERSION,
        deployment: {
            manifest: {
                time: (options.time ?? new Date()).toISOString(),
                // The CLI's manifest magic: the SHA-256 of the engine version.
                magic: createHash("sha256").update(version).digest("hex"),
                version,
                plugins,
            },
            resources,
        },
    };
}

function exportedOf(record: RecordedResource, provider: string | undefined): ExportedResource {
    const inputs = encodeProperties(record.inputs);
    const outputs = encodeProperties(record.outputs);
    // A property with no dependencies is an empty list, as the engine writes it since
    // pulumi/pulumi#15637 and as the apitype schema requires (null was a nil Go slice).
    const propertyDependencies =
        Object.keys(record.propertyDependencies).length > 0
            ? Object.fromEntries(Object.entries(record.propertyDependencies).map(([key, urns]) => [key, [...urns]]))
            : undefined;
    return dropUndefined({
        urn: record.urn,
        custom: record.custom,
        id: record.custom ? record.id : undefined,
        type: record.type,
        inputs: Object.keys(inputs).length > 0 ? inputs : undefined,
        outputs: Object.keys(outputs).length > 0 ? outputs : undefined,
        parent: record.parent,
        protect: record.protect || undefined,
        dependencies: record.dependencies.length > 0 ? [...record.dependencies] : undefined,
        provider,
        propertyDependencies,
        retainOnDelete: record.retainOnDelete || undefined,
    });
}

function dropUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A stable random-looking (version 4) UUID for a provider, as the engine gives each provider instance one. */
function uuidOf(seed: string): string {
    const hex = createHash("sha256").update(seed).digest("hex");
    const variant = "89ab"[parseInt(hex[16], 16) % 4];
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Property values as state holds them: secrets in the `--show-secrets` form, plain JSON otherwise. */
function encodeProperties(properties: Record<string, unknown>): Record<string, unknown> {
    return (encodeValue(properties) ?? {}) as Record<string, unknown>;
}

function encodeValue(value: unknown): unknown {
    if (value === null || typeof value !== "object") {
        return typeof value === "function" || typeof value === "symbol" ? undefined : value;
    }
    if (Array.isArray(value)) {
        return value.map((item) => encodeValue(item) ?? null);
    }
    const object = value as Record<string, unknown>;
    if (object[SIG_KEY] === SECRET_SIG && "value" in object) {
        return { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(encodeValue(object.value) ?? null) };
    }
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
        // Assets, archives and resources the SDK rebuilt: state keeps their plain fields.
        return JSON.parse(JSON.stringify(value)) as unknown;
    }
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(object).sort()) {
        const encoded = encodeValue(object[key]);
        if (encoded !== undefined) {
            copy[key] = encoded;
        }
    }
    return copy;
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A stack export read back: its resources in the shape the offline engine records. */
export interface ReadExport {
    readonly version: number;
    readonly stack?: string;
    readonly project?: string;
    /** The stack's resources; old copies marked `delete` are left out. */
    readonly resources: RecordedResource[];
    /** Resources left out because the next update deletes them. */
    readonly pendingDeletes: number;
    /** Operations the engine had not finished when the export was taken. */
    readonly pendingOperations: number;
}

/**
 * Reads a stack export: the output of `pulumi stack export` (`{version, deployment}`), a
 * local backend's state file (`{version, checkpoint: {latest}}`), or a bare deployment.
 * Versions 1 to 3 are read; a newer one is refused rather than misread.
 */
export function readStackExport(text: string, source = "the export"): ReadExport {
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch (error) {
        throw new ExportFormatError(`${source} is not JSON: ${(error as Error).message}`);
    }
    if (document === null || typeof document !== "object" || Array.isArray(document)) {
        throw new ExportFormatError(`${source} is not a stack export: expected an object with "version" and "deployment" (pulumi stack export)`);
    }
    const doc = document as Record<string, unknown>;
    const badVersion = versionProblem(doc.version, DEPLOYMENT_VERSION);
    if (badVersion) {
        throw new ExportFormatError(formatExportProblems(source, [badVersion]));
    }
    const version = typeof doc.version === "number" ? doc.version : DEPLOYMENT_VERSION;
    if (version > DEPLOYMENT_VERSION) {
        throw new ExportFormatError(`${source} has deployment version ${version}; this tool reads versions up to ${DEPLOYMENT_VERSION}`);
    }
    const checkpoint = doc.checkpoint as { latest?: unknown } | undefined;
    const deployment = (doc.deployment ?? checkpoint?.latest ?? ("resources" in doc || "manifest" in doc ? doc : undefined)) as
        | Record<string, unknown>
        | undefined;
    if (!deployment || typeof deployment !== "object") {
        throw new ExportFormatError(`${source} has no "deployment": expected the output of pulumi stack export`);
    }
    if (Array.isArray(deployment)) {
        throw new ExportFormatError(`${source}: deployment is a list, not an object; expected the output of pulumi stack export ({"version": 3, "deployment": {"manifest": ..., "resources": [...]}})`);
    }
    const raw = deployment.resources ?? [];
    if (!Array.isArray(raw)) {
        throw new ExportFormatError(`${source}: deployment.resources must be a list`);
    }
    const problems = resourceProblems(raw);
    if (problems.length > 0) {
        throw new ExportFormatError(formatExportProblems(source, problems));
    }
    const resources: RecordedResource[] = [];
    let pendingDeletes = 0;
    raw.forEach((entry: unknown) => {
        const resource = entry as ExportedResource;
        if (resource.delete === true) {
            pendingDeletes++;
            return;
        }
        resources.push(recordOf(resource));
    });
    const first = resources[0] ? parseUrn(resources[0].urn) : undefined;
    return {
        version,
        stack: first?.stack,
        project: first?.project,
        resources,
        pendingDeletes,
        pendingOperations: Array.isArray(deployment.pending_operations) ? deployment.pending_operations.length : 0,
    };
}

/** A deployment resource in the offline engine's record shape. */
function recordOf(resource: ExportedResource): RecordedResource {
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, urns] of Object.entries(resource.propertyDependencies ?? {})) {
        propertyDependencies[key] = Array.isArray(urns) ? [...urns] : [];
    }
    return {
        urn: resource.urn,
        type: resource.type,
        name: parseUrn(resource.urn).name,
        custom: resource.custom === true,
        id: typeof resource.id === "string" ? resource.id : "",
        inputs: decodeProperties(resource.inputs),
        outputs: decodeProperties(resource.outputs),
        parent: resource.parent || undefined,
        dependencies: Array.isArray(resource.dependencies) ? [...resource.dependencies] : [],
        propertyDependencies,
        provider: resource.provider || undefined,
        protect: resource.protect === true,
        retainOnDelete: resource.retainOnDelete === true,
        deleteBeforeReplace: false,
    };
}

/**
 * Property values as the offline engine records them: secrets as Pulumi's secret marker
 * around the plain value; the provider's bookkeeping keys (`__defaults`, `__meta`) dropped.
 */
function decodeProperties(properties: Record<string, unknown> | null | undefined): Record<string, unknown> {
    const decoded: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(properties ?? {})) {
        if (!key.startsWith("__")) {
            decoded[key] = decodeValue(value);
        }
    }
    return decoded;
}

function decodeValue(value: unknown): unknown {
    if (value === null || typeof value !== "object") {
        return value;
    }
    if (Array.isArray(value)) {
        return value.map(decodeValue);
    }
    const object = value as Record<string, unknown>;
    if (object[SIG_KEY] === SECRET_SIG) {
        // As the engine hands secrets to a program: the value inside the secret marker; one the
        // export holds only encrypted has no value, which the analyzer treats as unknown.
        if (typeof object.plaintext === "string") {
            let plain: unknown;
            try {
                plain = JSON.parse(object.plaintext);
            } catch {
                plain = object.plaintext;
            }
            return { [SIG_KEY]: SECRET_SIG, value: decodeValue(plain) };
        }
        return "value" in object ? { [SIG_KEY]: SECRET_SIG, value: decodeValue(object.value) } : { [SIG_KEY]: SECRET_SIG };
    }
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(object)) {
        copy[key] = decodeValue(item);
    }
    return copy;
}

/** The root stack resource of a deployment, if it has one. */
export function rootStackOf(resources: readonly RecordedResource[]): RecordedResource | undefined {
    return resources.find((r) => r.type === ROOT_STACK_TYPE);
}

/**
 * A run's resources as its stack export reads back: what `plan --export` of that file would
 * give the analyses (secrets masked, references as the engine writes them), so an offline run
 * and a file are analysed alike.
 */
export function exportedResources(run: ProgramRun): RecordedResource[] {
    return readStackExport(JSON.stringify(toStackExport(run))).resources;
}
