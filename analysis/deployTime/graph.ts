import { CREATE_TIMES, createTimeOf, CreateTime } from "./createTimes";

/** What the deploy-time model reads of a resource: the fields of a stack export's resource. */
export interface GraphResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly parent?: string;
    /** Every resource it waits for (property dependencies and dependsOn). */
    readonly dependencies: readonly string[];
    /** Outputs, else inputs: read for the kind of endpoint and awsx's layout. */
    readonly props?: Readonly<Record<string, unknown>>;
}

/** One create `pulumi up` performs, with what it waits for. */
export interface DeployStep {
    readonly urn: string;
    readonly name: string;
    readonly type: string;
    readonly seconds: number;
    /** True when the type has no figure of its own and took the default. */
    readonly assumed: boolean;
    /** Indexes of the steps it waits for. */
    readonly after: readonly number[];
}

const AWSX_VPC_TYPE = "awsx:ec2:Vpc";

/**
 * The creates of a stack as a graph: one step per custom resource (providers excluded: the
 * engine starts them before the first create), plus one per component the records show
 * without children whose time is known (an opaque awsx VPC). A dependency on a component is
 * a dependency on every step under it, as the engine expands it.
 */
export function deploySteps(resources: readonly GraphResource[]): DeployStep[] {
    const children = new Map<string, GraphResource[]>();
    for (const resource of resources) {
        if (resource.parent) {
            children.set(resource.parent, [...(children.get(resource.parent) ?? []), resource]);
        }
    }
    const isStep = (r: GraphResource) =>
        r.custom ? !r.type.startsWith("pulumi:providers:") : r.type === AWSX_VPC_TYPE && (children.get(r.urn) ?? []).length === 0;
    const stepResources = resources.filter(isStep);
    const indexOf = new Map(stepResources.map((r, i) => [r.urn, i]));
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const expanded = new Map<string, number[]>();
    const stepsOf = (urn: string): number[] => {
        const own = indexOf.get(urn);
        if (own !== undefined) {
            return [own];
        }
        let found = expanded.get(urn);
        if (!found) {
            expanded.set(urn, []); // a cycle through parents cannot recurse forever
            found = byUrn.get(urn)?.custom === false ? (children.get(urn) ?? []).flatMap((child) => stepsOf(child.urn)) : [];
            expanded.set(urn, found);
        }
        return found;
    };
    return stepResources.map((resource, i) => {
        const { time, assumed } = resource.custom ? createTimeOf(resource.type, resource.props ?? {}) : { time: awsxVpcTime(resource.props ?? {}), assumed: false };
        const after = [...new Set(resource.dependencies.flatMap(stepsOf))].filter((j) => j !== i).sort((a, b) => a - b);
        return { urn: resource.urn, name: resource.name, type: resource.type, seconds: time.seconds, assumed, after };
    });
}

/**
 * An awsx VPC seen as one resource: what it creates inside, in order. The VPC, then its
 * subnets, then (with NAT gateways) an Elastic IP and a NAT gateway, then the routes.
 */
export function awsxVpcTime(props: Readonly<Record<string, unknown>>): CreateTime {
    const seconds = (type: string) => CREATE_TIMES[type]?.seconds ?? 0;
    const nat = props.natGateways;
    const natCount = Array.isArray(nat) ? nat.length : (nat as { strategy?: unknown } | undefined)?.strategy === "None" ? 0 : 1;
    const path =
        seconds("aws:ec2/vpc:Vpc") +
        seconds("aws:ec2/subnet:Subnet") +
        (natCount > 0 ? seconds("aws:ec2/natGateway:NatGateway") : seconds("aws:ec2/internetGateway:InternetGateway")) +
        2; // the route tables' routes and associations
    return { seconds: path, basis: "best-knowledge", source: "the awsx VPC's own creates: VPC, subnets, NAT gateway or internet gateway, routes" };
}
