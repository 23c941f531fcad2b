import { awsxVpcChildren } from "./awsxVpcLayout";
import type { FakeAccount } from "./fakeCloud";

/** The type token of awsx's VPC component. */
export const AWSX_VPC_TYPE = "awsx:ec2:Vpc";

type Callback = (err: Error | null, response?: unknown) => void;
type Register = (request: unknown, callback: Callback) => unknown;

/**
 * Registers, as children of an `awsx:ec2:Vpc` component, the resources the awsx plugin would
 * register inside it (a remote component has no children under mocks): the VPC, internet
 * gateway, subnets, route tables, associations, routes, Elastic IPs and NAT gateways, with
 * awsx's names, parents, inputs and dependencies. They go through `register`, the engine's
 * recording `registerResource`, so records, exports, the policy pack and the diagram see them
 * like any other resource. Returns one promise per child, settled when it is recorded.
 */
export function registerAwsxChildren(
    register: Register,
    monitor: unknown,
    componentUrn: string,
    name: string,
    inputs: Record<string, unknown>,
    account: FakeAccount,
): Promise<void>[] {
    const newUrn = (monitor as { newUrn(parent: string, type: string, name: string): string }).newUrn.bind(monitor);
    const children = awsxVpcChildren(name, inputs, account.availabilityZones);
    const urns = children.map(() => "");
    // One after the other, as awsx registers them (each waits for its parent), so the records
    // and the export list them in awsx's order.
    let previous: Promise<void> = Promise.resolve();
    return children.map((child, index) => {
        const parent = child.parent === undefined ? componentUrn : urns[child.parent];
        urns[index] = newUrn(parent, child.type, child.name);
        const propertyDependencies = Object.entries(child.inputSources).map(([key, sources]) => [key, sources.map((i) => urns[i])] as const);
        const dependencies = [...new Set([...child.dependsOn.map((i) => urns[i]), ...propertyDependencies.flatMap(([, list]) => list)])];
        // The request as the SDK's RegisterResourceRequest would carry it; only the getters the
        // mock monitor and the engine's recorder read.
        const request = {
            getType: () => child.type,
            getName: () => child.name,
            getParent: () => parent,
            getCustom: () => true,
            getRemote: () => false,
            getDependenciesList: () => dependencies,
            getProvider: () => "",
            getProtect: () => false,
            getRetainondelete: () => false,
            getDeletebeforereplace: () => false,
            getImportid: () => child.id,
            getObject: () => ({ toJavaScript: () => child.inputs }),
            getPropertydependenciesMap: () => ({
                forEach: (cb: (value: { getUrnsList(): string[] }, key: string) => void) => propertyDependencies.forEach(([key, list]) => cb({ getUrnsList: () => [...list] }, key)),
            }),
        };
        previous = previous.then(() => new Promise<void>((resolve, reject) => register(request, (err) => (err ? reject(err) : resolve()))));
        return previous;
    });
}
