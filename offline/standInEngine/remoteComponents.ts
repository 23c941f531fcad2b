import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { AWSX_VPC_TYPE, registerAwsxChildren } from "../awsxChildren";
import type { FakeCloud } from "../fakeCloud";
import { UNKNOWN } from "./previewModel";
import type { RegisterRequestLike, Registered } from "./monitorServer";

/** The engine's side of a remote component: who builds it, as the awsx plugin's Construct would. */
export interface ComponentHost {
    readonly cloud: FakeCloud;
    readonly preview: boolean;
    newUrn(parent: string, type: string, name: string): string;
    register(request: RegisterRequestLike): Promise<Registered>;
}

/** The component outputs that awsx returns as resources (the rest are IDs and summaries). */
const RESOURCE_OUTPUTS = ["vpc", "subnets", "routeTables", "routeTableAssociations", "internetGateway", "natGateways", "eips", "routes"] as const;
/** The outputs that are IDs of children: unknown until the children exist. */
const ID_OUTPUTS = ["vpcId", "publicSubnetIds", "privateSubnetIds", "isolatedSubnetIds"] as const;

/** A resource reference as the engine marshals one (`rpc.specialResourceSig`). */
function resourceReference(urn: string, id: string): Record<string, unknown> {
    return { [rpc.specialSigKey]: rpc.specialResourceSig, urn, id, packageVersion: "" };
}

/**
 * Constructs an `awsx:ec2:Vpc` registered with `remote: true`, as the awsx plugin does inside
 * its Construct call: registers the children the offline expansion builds ({@link
 * registerAwsxChildren}) under the component, waits for them, and answers with the
 * component's outputs, the resources among them as resource references to those children.
 * In preview the children's IDs and every input taken from a sibling are unknown.
 */
export async function constructRemoteComponent(host: ComponentHost, type: string, urn: string, name: string, inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (type !== AWSX_VPC_TYPE) {
        throw new Error(`stand-in engine: no provider constructs the remote component ${type}; only ${AWSX_VPC_TYPE} is built offline`);
    }
    // The fake cloud's summary of the component also tells it the subnets' blocks and zones.
    const summary = host.cloud.newResource({ type, name, inputs, custom: false, provider: "", id: "" } as never).state;
    const urnById = new Map<string, string>();
    const register = (sent: unknown, callback: (err: Error | null, response?: unknown) => void): void => {
        const request = sent as RegisterRequestLike;
        const sourced = new Set<string>();
        request.getPropertydependenciesMap().forEach((_value, key) => sourced.add(key));
        const childInputs = request.getObject().toJavaScript();
        const previewed = host.preview ? Object.fromEntries(Object.entries(childInputs).map(([key, value]) => [key, sourced.has(key) ? UNKNOWN : value])) : childInputs;
        // A preview creates the children too: their IDs are unknown, as are inputs taken from siblings.
        const asSent: RegisterRequestLike = { ...request, getObject: () => ({ toJavaScript: () => previewed }), getImportid: () => (host.preview ? "" : request.getImportid()) };
        host.register(asSent).then((registered) => {
            urnById.set(request.getImportid(), registered.urn);
            callback(null, registered);
        }, callback);
    };
    const account = host.cloud.account;
    await Promise.all(registerAwsxChildren(register, { newUrn: host.newUrn.bind(host) }, urn, name, inputs, account));
    const reference = (value: unknown): unknown => {
        const id = (value as { id?: string } | undefined)?.id;
        const childUrn = id === undefined ? undefined : urnById.get(id);
        return childUrn ? resourceReference(childUrn, host.preview ? "" : String(id)) : value;
    };
    const outputs: Record<string, unknown> = { ...summary };
    for (const key of RESOURCE_OUTPUTS) {
        const value = outputs[key];
        outputs[key] = Array.isArray(value) ? value.map(reference) : reference(value);
    }
    if (host.preview) {
        for (const key of ID_OUTPUTS) {
            outputs[key] = UNKNOWN;
        }
    }
    return outputs;
}
