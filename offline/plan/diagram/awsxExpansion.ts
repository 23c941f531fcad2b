import { RecordedResource } from "../../../lib/records";
import { T, str } from "./resourceTypes";

const AWSX_VPC = "awsx:ec2:Vpc";

/**
 * The network inside each `awsx:ec2:Vpc` whose parts are not in the stack as resources of their
 * own, drawn from the component's outputs: the VPC, subnets, route tables and their
 * associations and routes, gateways and endpoints. A deployed stack's export and an offline
 * run hold them as children (the awsx plugin, or the offline engine, registers them), and a
 * component whose VPC is in the stack is skipped, so nothing is drawn twice; this is for
 * exports without them, such as ones an older offline plan wrote.
 */
export function expandAwsxVpcs(resources: readonly RecordedResource[]): { expanded: RecordedResource[]; publicSubnetIds: Set<string> } {
    const expanded: RecordedResource[] = [];
    const publicSubnetIds = new Set<string>();
    const known = new Set(resources.filter((r) => r.custom).map((r) => r.id));
    for (const component of resources.filter((r) => r.type === AWSX_VPC)) {
        const out = component.outputs;
        const vpc = (out.vpc ?? {}) as Record<string, unknown>;
        const vpcId = str(vpc.id) ?? str(out.vpcId);
        if (!vpcId || known.has(vpcId)) {
            continue;
        }
        const add = (type: string, name: string, props: Record<string, unknown>) => {
            const id = str(props.id) ?? "";
            if (id !== "" && known.has(id)) {
                return;
            }
            known.add(id);
            expanded.push({
                urn: `${component.urn}$${type}::${name}`,
                type,
                name,
                custom: true,
                id,
                inputs: {},
                outputs: props,
                parent: component.urn,
                dependencies: [],
                propertyDependencies: {},
                protect: false,
                retainOnDelete: false,
                deleteBeforeReplace: false,
            });
        };
        const list = (value: unknown) => (Array.isArray(value) ? (value as Record<string, unknown>[]).filter((v) => v !== null && typeof v === "object") : []);
        const tags = (component.inputs.tags ?? {}) as Record<string, unknown>;
        add(T.vpc, `${component.name}-vpc`, { ...vpc, id: vpcId, tags: { Name: str(tags.Name) ?? component.name } });
        const subnetNames = new Map<string, string>();
        list(out.subnets).forEach((subnet, i) => {
            const name = str((subnet.tags as Record<string, unknown> | undefined)?.Name) ?? `${component.name}-subnet-${i + 1}`;
            subnetNames.set(str(subnet.id) ?? "", name);
            add(T.subnet, name, { vpcId, ...subnet, tags: { Name: name } });
        });
        for (const id of Array.isArray(out.publicSubnetIds) ? out.publicSubnetIds : []) {
            publicSubnetIds.add(String(id));
        }
        const associations = list(out.routeTableAssociations);
        list(out.routeTables).forEach((table, i) => {
            const served = associations.filter((a) => a.routeTableId === table.id).map((a) => subnetNames.get(str(a.subnetId) ?? ""));
            const name = served.length === 1 && served[0] ? served[0] : `${component.name}-rt-${i + 1}`;
            add(T.routeTable, `${name}-rt`, { vpcId, ...table, tags: { Name: name } });
        });
        associations.forEach((association, i) => add(T.association, `${component.name}-rta-${i + 1}`, association));
        list(out.routes).forEach((route, i) => add(T.route, `${component.name}-route-${i + 1}`, route));
        if (out.internetGateway && typeof out.internetGateway === "object") {
            add(T.igw, `${component.name}-igw`, { vpcId, ...(out.internetGateway as Record<string, unknown>), tags: { Name: `${str(tags.Name) ?? component.name}-IGW` } });
        }
        list(out.natGateways).forEach((nat, i) => add(T.nat, `${component.name}-nat-${i + 1}`, nat));
        list(out.vpcEndpoints).forEach((endpoint, i) => add(T.endpoint, `${component.name}-endpoint-${i + 1}`, { vpcId, ...endpoint }));
    }
    return { expanded, publicSubnetIds };
}
