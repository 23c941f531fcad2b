import { PolicyProviderResource, PolicyResource, PolicyResourceOptions, unknownCheckingProxy } from "@pulumi/policy";
import { isUnknown as isPulumiUnknown } from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { PolicyResourceRecord } from "./policyRecords";

/**
 * What @pulumi/policy's analyzer server (server.js, 1.21) hands policies, rebuilt from
 * records: props as they arrive over gRPC, options, providers, linked stack resources, and
 * its type checks.
 */

/** A record with its inputs and outputs converted once to what the analyzer receives over gRPC. */
export interface PreparedRecord {
    readonly record: PolicyResourceRecord;
    readonly inputs: Record<string, unknown>;
    readonly outputs: Record<string, unknown>;
}

export function prepare(record: PolicyResourceRecord): PreparedRecord {
    const outputs: Record<string, unknown> = { ...record.props };
    if (record.id !== undefined && record.id !== "" && outputs.id === undefined) {
        outputs.id = record.id;
    }
    return {
        record,
        inputs: policyValue({ ...(record.inputs ?? record.props) }) as Record<string, unknown>,
        outputs: policyValue(outputs) as Record<string, unknown>,
    };
}

/** PolicyResource objects linked by parent and dependencies, as the server builds them. */
export function stackResources(prepared: readonly PreparedRecord[]): PolicyResource[] {
    const preparedByUrn = new Map(prepared.map((entry) => [entry.record.urn, entry]));
    const resources = prepared.map(({ record, outputs }) => {
        const props = unknownCheckingProxy(outputs);
        const resource: PolicyResource = {
            type: record.type,
            props,
            urn: record.urn,
            name: record.name,
            opts: resourceOptions(record),
            dependencies: [],
            propertyDependencies: {},
            isType: (resourceClass) => isTypeOf(record.type, resourceClass),
            asType: ((resourceClass: unknown) => (isTypeOf(record.type, resourceClass) ? props : undefined)) as PolicyResource["asType"],
        };
        const provider = providerOf(record, preparedByUrn);
        if (provider) {
            resource.provider = provider;
        }
        return resource;
    });
    const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
    const link = (urns: readonly string[]) => urns.map((urn) => byUrn.get(urn)).filter((r): r is PolicyResource => r !== undefined);
    prepared.forEach(({ record }, i) => {
        const parent = record.parent ? byUrn.get(record.parent) : undefined;
        if (parent) {
            resources[i].parent = parent;
        }
        resources[i].dependencies = link(record.dependencies);
        for (const [key, urns] of Object.entries(record.propertyDependencies)) {
            resources[i].propertyDependencies[key] = link(urns);
        }
    });
    return resources;
}

/**
 * A recorded value as the analyzer receives it over gRPC: secrets revealed (policies read
 * plain values), unknowns as @pulumi/policy's unknown marker (which the props proxy refuses
 * to hand out), encrypted secrets of a stack export unknown too.
 */
function policyValue(value: unknown): unknown {
    if (isPulumiUnknown(value)) {
        return UNKNOWN_STRING;
    }
    if (Array.isArray(value)) {
        return value.map(policyValue);
    }
    if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) {
        return value;
    }
    const object = value as Record<string, unknown>;
    if (object[specialSigKey] === specialSecretSig) {
        return "value" in object ? policyValue(object.value) : UNKNOWN_STRING;
    }
    return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined).map(([k, v]) => [k, policyValue(v)]));
}

/** The engine's marker for an unknown value; @pulumi/policy's proxy throws when a policy reads it. */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function resourceOptions(record: PolicyResourceRecord): PolicyResourceOptions {
    const opts: PolicyResourceOptions = {
        protect: record.protect ?? false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
    };
    if (record.parent) {
        opts.parent = record.parent;
    }
    return opts;
}

export function providerOf(record: PolicyResourceRecord, byUrn: ReadonlyMap<string, PreparedRecord>): PolicyProviderResource | undefined {
    const urn = record.provider?.slice(0, record.provider.lastIndexOf("::"));
    const provider = urn ? byUrn.get(urn) : undefined;
    return provider
        ? { type: provider.record.type, props: unknownCheckingProxy(provider.outputs), urn: provider.record.urn, name: provider.record.name }
        : undefined;
}

export const NO_STACK_TAGS: ReadonlyMap<string, string> = new Map();

/** The type token `validateResourceOfType` attaches to the function it returns. */
export function pulumiTypeOf(fn: unknown): string | undefined {
    const type = (fn as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof type === "string" && type.length > 0 ? type : undefined;
}

/** The server's `isTypeOf`: the class's type token, else its `isInstance`. */
export function isTypeOf(type: string, resourceClass: unknown): boolean {
    const token = pulumiTypeOf(resourceClass);
    if (token !== undefined) {
        return token === type;
    }
    const isInstance = (resourceClass as { isInstance?: unknown }).isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}
