import * as grpc from "@grpc/grpc-js";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { FakeCloud } from "../fakeCloud";
import { engineUrn } from "../plan/programRunner";
import { RecordedResource } from "../../lib/records";
import { countUnknowns, previewState } from "./previewModel";
import { constructRemoteComponent } from "./remoteComponents";

// The generated service definitions have no typings in @pulumi/pulumi.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ResourceMonitorService } = require("@pulumi/pulumi/proto/resource_grpc_pb") as { ResourceMonitorService: grpc.ServiceDefinition };

/** The getters of a RegisterResourceRequest the stand-in reads (the awsx expansion builds requests with the same getters). */
export interface RegisterRequestLike {
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
    getImportid(): string;
    getObject(): { toJavaScript(): Record<string, unknown> };
    getPropertydependenciesMap(): { forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void };
}

/** What the engine answered a registration with, marshalled as it goes over the wire. */
export interface Registered {
    readonly urn: string;
    readonly id: string;
    readonly state: Record<string, unknown>;
}

/** Features the stand-in implements, asked by the SDK at start (`settings.awaitFeatureSupport`). */
const FEATURES: Readonly<Record<string, boolean>> = {
    secrets: true,
    resourceReferences: true,
    deletedWith: true,
    aliasSpecs: true,
    // Off, as for the SDK's own mocks: component inputs then arrive as plain values, which the
    // awsx expansion reads. Stack transforms, hooks and parameterized packages are not served.
    outputValues: false,
};

/**
 * A marshalled value as the records keep it: unknowns as `pulumi.unknown`, secrets wrapped,
 * and resource references as the state file keeps them (the marshalled reference), not
 * rehydrated, since this process holds no resources.
 */
function recordedValue(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(recordedValue);
    }
    if (value !== null && typeof value === "object") {
        const sig = (value as Record<string, unknown>)[rpc.specialSigKey];
        if (sig === rpc.specialResourceSig) {
            return value;
        }
        if (sig === undefined) {
            return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, recordedValue(item)]));
        }
    }
    return rpc.deserializeProperty(value, true);
}

/** Called with every resource as it registers, for the analyzer plugin's Analyze. */
export type OnRegistered = (record: RecordedResource, inputs: Struct) => void;

type Unary = (call: { request: unknown }, callback: (error: grpc.ServiceError | null, response?: unknown) => void) => void;

/**
 * The engine side of `pulumirpc.ResourceMonitor`, as `pulumi up` (update) or `pulumi preview`
 * (preview) runs it against the offline fake cloud: names resources with the engine's URNs,
 * answers creates with the fake cloud's IDs and outputs (unknown in preview where the
 * provider computes them), answers invokes from the same tables, constructs awsx remote
 * components, and records every registration as the mock engine records it.
 */
export class StandInMonitor {
    readonly resources: RecordedResource[] = [];
    /** Unknown sentinels sent back to the program. */
    unknowns = 0;
    private readonly table = new Map<string, Registered>();

    constructor(
        readonly cloud: FakeCloud,
        readonly project: string,
        readonly stack: string,
        readonly preview: boolean,
        private readonly onRegistered: OnRegistered = () => undefined,
    ) {}

    newUrn(parent: string, type: string, name: string): string {
        return engineUrn(this.stack, this.project, parent, type, name);
    }

    /** Registers one resource: a create in the fake cloud, or the construction of a remote component. */
    async register(req: RegisterRequestLike): Promise<Registered> {
        const type = req.getType();
        const name = req.getName();
        const custom = req.getCustom();
        const remote = req.getRemote();
        const urn = this.newUrn(req.getParent(), type, name);
        if (this.table.has(urn)) {
            throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
        }
        const inputStruct = req.getObject();
        // Inputs computed from unknowns arrive as the sentinel; in preview they stay unknown (`pulumi.unknown`).
        const inputs = rpc.deserializeProperties(inputStruct as never, this.preview) as Record<string, unknown>;
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((value, key) => {
            propertyDependencies[key] = value.getUrnsList();
        });
        // Recorded in the order the program registers, a remote component before the children
        // its construction registers (the order the state file keeps: parents first).
        const record: RecordedResource = {
            urn,
            type,
            name,
            custom,
            id: "",
            inputs,
            outputs: {},
            parent: req.getParent() || undefined,
            dependencies: req.getDependenciesList(),
            propertyDependencies,
            provider: req.getProvider() || undefined,
            protect: req.getProtect() === true,
            retainOnDelete: req.getRetainondelete() === true,
            deleteBeforeReplace: req.getDeletebeforereplace(),
            remote: remote || undefined,
        };
        this.resources.push(record);
        let state: Record<string, unknown>;
        if (remote) {
            state = await constructRemoteComponent(this, type, urn, name, inputs);
        } else {
            const created = this.cloud.newResource({ type, name, inputs, provider: req.getProvider(), custom, id: req.getImportid() || undefined } as never);
            state = this.preview && custom ? previewState(inputs, created.state) : created.state;
            record.id = custom && (!this.preview || req.getImportid()) ? (created.id ?? "") : "";
        }
        const serialized = (await rpc.serializeProperties("", state)) as Record<string, unknown>;
        this.unknowns += countUnknowns(serialized);
        const registered = { urn, id: record.id, state: serialized };
        this.table.set(urn, registered);
        // Unknowns stay unknown (`pulumi.unknown`) in the records, as the pack sees them.
        record.outputs = custom || remote ? (recordedValue(serialized) as Record<string, unknown>) : {};
        this.onRegistered(record, Struct.fromJavaScript(inputStruct.toJavaScript() as never));
        return registered;
    }

    /** The gRPC service implementation, one handler per method the SDK calls. */
    handlers(): grpc.UntypedServiceImplementation {
        const unary =
            (fn: (request: never) => Promise<unknown> | unknown): Unary =>
            (call, callback) => {
                Promise.resolve()
                    .then(() => fn(call.request as never))
                    .then(
                        (response) => callback(null, response),
                        (error: Error) => callback({ code: grpc.status.UNKNOWN, details: error.message, message: error.message, name: error.name, metadata: new grpc.Metadata() }),
                    );
            };
        return {
            supportsFeature: unary((req: resproto.SupportsFeatureRequest) => {
                const response = new resproto.SupportsFeatureResponse();
                response.setHassupport(FEATURES[req.getId()] === true);
                return response;
            }),
            registerResource: unary(async (req: resproto.RegisterResourceRequest) => {
                const registered = await this.register(req as unknown as RegisterRequestLike);
                const response = new resproto.RegisterResourceResponse();
                response.setUrn(registered.urn);
                response.setId(registered.id);
                response.setObject(Struct.fromJavaScript(registered.state as never));
                return response;
            }),
            registerResourceOutputs: unary((req: resproto.RegisterResourceOutputsRequest) => {
                const record = this.resources.find((r) => r.urn === req.getUrn());
                if (!record) {
                    throw new Error(`RegisterResourceOutputs for ${req.getUrn()}, which was never registered`);
                }
                record.outputs = rpc.deserializeProperties(req.getOutputs() as never, true) as Record<string, unknown>;
                return new Empty();
            }),
            invoke: unary(async (req: resproto.ResourceInvokeRequest) => {
                const token = req.getTok();
                const args = rpc.deserializeProperties(req.getArgs() as never) as Record<string, unknown>;
                // How the SDK reads a resource it holds only a reference to (rehydrating awsx's outputs).
                const result = token === "pulumi:pulumi:getResource" ? this.getResource(String(args.urn)) : await this.cloud.call({ token, inputs: args, provider: req.getProvider() } as never);
                const response = new provproto.InvokeResponse();
                response.setReturn(Struct.fromJavaScript((token === "pulumi:pulumi:getResource" ? result : await rpc.serializeProperties("", result)) as never));
                return response;
            }),
            readResource: unary(async (req: resproto.ReadResourceRequest) => {
                const inputs = rpc.deserializeProperties(req.getProperties() as never) as Record<string, unknown>;
                const read = this.cloud.newResource({ type: req.getType(), name: req.getName(), inputs, provider: req.getProvider(), custom: true, id: req.getId() } as never);
                const response = new resproto.ReadResourceResponse();
                response.setUrn(this.newUrn(req.getParent(), req.getType(), req.getName()));
                response.setProperties(Struct.fromJavaScript((await rpc.serializeProperties("", read.state)) as never));
                return response;
            }),
            call: unary((req: resproto.ResourceCallRequest) => {
                throw new Error(`stand-in engine: no component method ${req.getTok()} is served offline`);
            }),
            registerPackage: unary(() => {
                const response = new resproto.RegisterPackageResponse();
                response.setRef("stand-in-package");
                return response;
            }),
            signalAndWaitForShutdown: unary(() => new Empty()),
        };
    }

    /** `pulumi:pulumi:getResource`: a registered resource's URN, ID and state. */
    private getResource(urn: string): Registered {
        const found = this.table.get(urn);
        if (!found) {
            throw new Error(`unknown resource ${urn}`);
        }
        return found;
    }

    /** Adds the ResourceMonitor service to a server. */
    addTo(server: grpc.Server): void {
        server.addService(ResourceMonitorService, this.handlers());
    }
}
