import { StackNode } from "../stack/stackIndex";
import { HopInterface, HopType } from "./answer";
import { list, nameOf, NetworkModel, str } from "./model";
import { T } from "./types";

/**
 * A network interface a flow leaves or enters by: the resource it belongs to, its subnet and
 * VPC, its security groups and addresses. Where the records cannot tell (a subnet inside an
 * opaque awsx VPC, a subnet outside the stack), `unknown` says why.
 */
export interface Eni {
    readonly owner: StackNode;
    readonly ownerType: HopType;
    readonly name: string;
    readonly id?: string;
    readonly subnet?: StackNode;
    readonly vpc?: StackNode;
    /** Security group IDs; empty means the VPC's default group. Load balancers without groups have none at all. */
    readonly groupIds: readonly string[];
    /** False for interfaces that have no security group (a network load balancer created without one). */
    readonly hasSecurityGroups: boolean;
    readonly address?: string;
    readonly publicAddress?: string;
    /** Why the interface's network cannot be analysed offline. */
    readonly unknown?: string;
}

export function hopInterface(eni: Eni, direction: "ingress" | "egress"): HopInterface {
    return {
        ownerUrn: eni.owner.urn,
        ...(eni.subnet ? { subnetUrn: eni.subnet.urn } : {}),
        ...(eni.vpc ? { vpcUrn: eni.vpc.urn } : {}),
        ...(eni.address ? { address: eni.address } : {}),
        direction,
    };
}

/** Where a subnet ID leads: the subnet, its VPC, or why neither is known. */
function placeSubnet(model: NetworkModel, subnetId: unknown, owner: StackNode): Pick<Eni, "subnet" | "vpc" | "unknown"> {
    const subnet = model.byId(subnetId);
    if (subnet?.type === T.subnet) {
        const vpc = model.vpcOf(subnet);
        return { subnet, vpc, ...(vpc ? {} : { unknown: `the VPC of subnet ${nameOf(subnet)} (${String(subnet.props.vpcId)}) is not in the stack, so its routes and ACLs cannot be seen` }) };
    }
    const vpc = model.vpcOf(owner) ?? opaqueVpcHolding(model, subnetId);
    if (vpc && model.isOpaque(vpc)) {
        return {
            vpc,
            unknown: `subnet ${String(subnetId)} belongs to awsx VPC ${nameOf(vpc)}, whose subnets, route tables and ACLs the offline records show as one opaque resource`,
        };
    }
    return { vpc, unknown: `subnet ${String(subnetId)} is not in the stack (an existing VPC's subnet or an unknown ID): its route table and network ACL cannot be seen` };
}

function opaqueVpcHolding(model: NetworkModel, subnetId: unknown): StackNode | undefined {
    for (const component of model.awsxComponents) {
        if (list(component.props.subnets).some((s) => (s as Record<string, unknown> | undefined)?.id === subnetId)) {
            return model.byId(component.props.vpcId);
        }
    }
    return undefined;
}

export function instanceEni(model: NetworkModel, instance: StackNode): Eni {
    const place = placeSubnet(model, instance.props.subnetId, instance);
    const elastic = model.referring(T.eipAssociation, "instanceId", instance.props.id)[0];
    const eip = model.referring(T.eip, "instance", instance.props.id)[0];
    const publicAddress = str(instance.props.publicIp) ?? str(elastic?.props.publicIp) ?? str(eip?.props.publicIp);
    return {
        owner: instance,
        ownerType: "Instance",
        name: nameOf(instance),
        id: str(instance.props.primaryNetworkInterfaceId),
        ...place,
        groupIds: list(instance.props.vpcSecurityGroupIds).filter((id): id is string => typeof id === "string"),
        hasSecurityGroups: true,
        address: str(instance.props.privateIp),
        ...(publicAddress ? { publicAddress } : {}),
    };
}

/** One ENI per subnet of an interface endpoint, in subnet order. */
export function endpointEnis(model: NetworkModel, endpoint: StackNode): Eni[] {
    const eniIds = list(endpoint.props.networkInterfaceIds);
    const groups = list(endpoint.props.securityGroupIds).filter((id): id is string => typeof id === "string");
    return list(endpoint.props.subnetIds).map((subnetId, i) => ({
        owner: endpoint,
        ownerType: "VpcEndpoint" as const,
        name: nameOf(endpoint),
        ...(typeof eniIds[i] === "string" ? { id: eniIds[i] as string } : {}),
        ...placeSubnet(model, subnetId, endpoint),
        groupIds: groups,
        hasSecurityGroups: true,
    }));
}

export function natEni(model: NetworkModel, nat: StackNode): Eni {
    return {
        owner: nat,
        ownerType: "NatGateway",
        name: nameOf(nat),
        id: str(nat.props.networkInterfaceId),
        ...placeSubnet(model, nat.props.subnetId, nat),
        groupIds: [],
        hasSecurityGroups: false,
        address: str(nat.props.privateIp),
        publicAddress: str(nat.props.publicIp),
    };
}

/** A load balancer's node ENIs, one per subnet. */
export function loadBalancerEnis(model: NetworkModel, balancer: StackNode): Eni[] {
    const mappings = list(balancer.props.subnetMappings).map((m) => (m as Record<string, unknown> | undefined)?.subnetId);
    const subnets = mappings.length > 0 ? mappings : list(balancer.props.subnets);
    const groups = list(balancer.props.securityGroups).filter((id): id is string => typeof id === "string");
    return subnets.map((subnetId) => ({
        owner: balancer,
        ownerType: "LoadBalancer" as const,
        name: nameOf(balancer),
        ...placeSubnet(model, subnetId, balancer),
        groupIds: groups,
        // A network load balancer created without security groups never filters.
        hasSecurityGroups: groups.length > 0 || balancer.props.loadBalancerType !== "network",
    }));
}

export function instanceConnectEni(model: NetworkModel, endpoint: StackNode): Eni {
    return {
        owner: endpoint,
        ownerType: "VpcEndpoint",
        name: nameOf(endpoint),
        id: str(list(endpoint.props.networkInterfaceIds)[0]),
        ...placeSubnet(model, endpoint.props.subnetId, endpoint),
        groupIds: list(endpoint.props.securityGroupIds).filter((id): id is string => typeof id === "string"),
        hasSecurityGroups: true,
    };
}
