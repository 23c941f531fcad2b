import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { PROJECT } from "../config/keys";
import { RawConfig } from "../config/reader";
import { DEFAULT_ACCOUNT, FakeAccount, FakeCloud, FakeExistingVpc, InvokeAnswer } from "./fakeCloud";
import { AWSX_VPC_TYPE, registerAwsxChildren } from "./awsxChildren";
import { fakeRegionZones } from "./fakeInstanceOfferings";
import { RecordedResource } from "../lib/records";

export interface OfflineEngineOptions {
    /** Stack name used in URNs and `pulumi.getStack()`. @default "test" */
    readonly stack?: string;
    /** Raw stack config, fully qualified keys (`vpc-labs:labs`), values as Pulumi passes them. @default {} */
    readonly config?: RawConfig;
    /** The account the fake cloud pretends to be. @default DEFAULT_ACCOUNT (ap-northeast-2) */
    readonly account?: Partial<FakeAccount>;
    /** Answers for invokes beyond the standard ones (region, identity, AZs, public SSM parameters). */
    readonly invokes?: Readonly<Record<string, InvokeAnswer>>;
    /** VPCs that already exist in the fake account, for lookups by the existing-VPC source. @default [] */
    readonly existingVpcs?: readonly FakeExistingVpc[];
}

/** The fake account for these overrides; a region named alone brings that region's zones. */
export function fakeAccount(overrides?: Partial<FakeAccount>): FakeAccount {
    const account = { ...DEFAULT_ACCOUNT, ...overrides };
    if (overrides?.region && !overrides.availabilityZones) {
        account.availabilityZones = fakeRegionZones(overrides.region);
    }
    return account;
}

/** A resource type: its token (`aws:ec2/vpc:Vpc`) or its class (`aws.ec2.Vpc`). */
export type ResourceType = string | (abstract new (...args: never[]) => pulumi.Resource);

/** The type token of a resource class; generated provider classes keep it in a static field. */
export function typeToken(type: ResourceType): string {
    return typeof type === "string" ? type : (type as unknown as { __pulumiType: string }).__pulumiType;
}

type Callback = (err: Error | null, response?: unknown) => void;
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getRemote(): boolean;
    getDependenciesList(): string[];
    getProvider(): string;
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
    getDeletebeforereplace(): boolean;
    getPropertydependenciesMap(): { forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void };
}
interface RegisterResponse {
    getUrn(): string;
    getId(): string;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

/**
 * Two diagnostics of the SDK that cost more than the rest of an offline run together and that
 * nothing reads offline: the source position of every resource (an unbounded, source-mapped
 * stack trace per resource, for the engine's messages) and a stack trace captured for every
 * internal promise (for the leak report printed when a program exits with promises pending).
 * The offline engine turns both off; resources, outputs and errors are unchanged.
 */
function skipEngineDiagnostics(): void {
    (pulumi.Resource as unknown as { callsites: () => unknown[] }).callsites = () => [];
    // The module's own exports object (an ES import would be a read-only copy), so the SDK's
    // modules, which call it through that object, get the replacement.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const debuggable: { debuggablePromise: <T>(promise: Promise<T>) => Promise<T> } = require("@pulumi/pulumi/runtime/debuggable");
    debuggable.debuggablePromise = (promise) => promise;
}

/**
 * Runs Pulumi programs with no CLI, no plugins and no cloud: Pulumi's own mock monitor
 * answered by a {@link FakeCloud}, wrapped so that every registration is recorded with the
 * facts the mock API does not hand to mocks (parent, dependencies, property dependencies,
 * options). Tests and the offline plan both use it, so they see the same resources.
 *
 * Start one per test with {@link OfflineEngine.start}: it resets the runtime's monitor and
 * config, so resources and config never leak between tests.
 */
export class OfflineEngine {
    /** Every registered resource, in registration order. */
    readonly resources: RecordedResource[] = [];
    readonly cloud: FakeCloud;
    readonly stack: string;
    private readonly pending: Promise<void>[] = [];

    private constructor(cloud: FakeCloud, stack: string) {
        this.cloud = cloud;
        this.stack = stack;
    }

    static async start(options: OfflineEngineOptions = {}): Promise<OfflineEngine> {
        const account = fakeAccount(options.account);
        skipEngineDiagnostics();
        const cloud = new FakeCloud(account, options.invokes, options.existingVpcs);
        const engine = new OfflineEngine(cloud, options.stack ?? "test");
        pulumi.runtime.setAllConfig({ "aws:region": account.region, ...options.config }, []);
        await pulumi.runtime.setMocks(cloud, PROJECT, engine.stack, false);
        engine.record(settings.getMonitor() as unknown as MockMonitor);
        return engine;
    }

    /** Waits until every registration the program started has been answered and recorded. */
    async settle(): Promise<void> {
        // waitForRPCs is marked @internal in the SDK's typings but is what `disconnect` uses.
        await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
        // The children the engine registers for remote components, which the SDK does not track.
        while (this.pending.length > 0) {
            await Promise.all(this.pending.splice(0));
        }
    }

    /** The recorded resources of a type: a token (`aws:ec2/vpc:Vpc`) or a resource class. */
    ofType(type: ResourceType): RecordedResource[] {
        const token = typeToken(type);
        return this.resources.filter((r) => r.type === token);
    }

    /** The one recorded resource of a type (and name, when given); throws when there is not exactly one. */
    one(type: ResourceType, name?: string): RecordedResource {
        const found = this.ofType(type).filter((r) => name === undefined || r.name === name);
        if (found.length !== 1) {
            const token = typeToken(type);
            const names = this.ofType(type).map((r) => r.name);
            throw new Error(`expected one ${token}${name ? ` named ${name}` : ""}, found ${found.length} (${names.join(", ") || "none"})`);
        }
        return found[0];
    }

    /** The recorded resource with this URN. */
    byUrn(urn: string): RecordedResource | undefined {
        return this.resources.find((r) => r.urn === urn);
    }

    /** The recorded resource whose cloud ID is this. */
    byId(id: string): RecordedResource | undefined {
        return this.resources.find((r) => r.custom && r.id === id);
    }

    /** The resources whose parent is this URN. */
    childrenOf(urn: string): RecordedResource[] {
        return this.resources.filter((r) => r.parent === urn);
    }

    private record(monitor: MockMonitor): void {
        const registerResource = monitor.registerResource.bind(monitor) as (req: unknown, cb: Callback) => Promise<void>;
        const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor) as (req: unknown, cb: Callback) => void;
        const resources = this.resources;
        const target = monitor as unknown as Record<string, unknown>;

        target.registerResource = (req: RegisterRequest, callback: Callback) => {
            const propertyDependencies: Record<string, string[]> = {};
            req.getPropertydependenciesMap().forEach((value, key) => {
                propertyDependencies[key] = value.getUrnsList();
            });
            return registerResource(req, (err, response) => {
                if (!err && response) {
                    const res = response as RegisterResponse;
                    const state = res.getObject()?.toJavaScript() ?? {};
                    const outputs = rpc.deserializeProperties({ toJavaScript: () => state } as never) as Record<string, unknown>;
                    const inputs = rpc.deserializeProperties((req as unknown as { getObject(): never }).getObject()) as Record<string, unknown>;
                    resources.push({
                        urn: res.getUrn(),
                        type: req.getType(),
                        name: req.getName(),
                        custom: req.getCustom(),
                        id: res.getId(),
                        inputs,
                        // Local components report outputs later (registerOutputs); remote ones, like
                        // awsx's, answer with them here.
                        outputs: req.getCustom() || req.getRemote() ? outputs : {},
                        parent: req.getParent() || undefined,
                        dependencies: req.getDependenciesList(),
                        propertyDependencies,
                        provider: req.getProvider() || undefined,
                        protect: req.getProtect() === true,
                        retainOnDelete: req.getRetainondelete() === true,
                        deleteBeforeReplace: req.getDeletebeforereplace(),
                        remote: req.getRemote() || undefined,
                    });
                    if (req.getType() === AWSX_VPC_TYPE) {
                        // Registered before the program sees the component's outputs, as the awsx
                        // plugin does inside its Construct call.
                        this.pending.push(...registerAwsxChildren(target.registerResource as never, monitor, res.getUrn(), req.getName(), inputs, this.cloud.account));
                    }
                }
                callback(err, response);
            });
        };

        target.registerResourceOutputs = (req: { getUrn(): string; getOutputs(): never }, callback: Callback) => {
            const record = resources.find((r) => r.urn === req.getUrn());
            if (record) {
                record.outputs = rpc.deserializeProperties(req.getOutputs()) as Record<string, unknown>;
            }
            return registerResourceOutputs(req, callback);
        };
    }
}
