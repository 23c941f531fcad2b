import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LabName, NetworkSlotKey } from "../../config/keys";
import { FlowLogScopesConfig, StackConfig } from "../../config/stackConfig";
import { Problem } from "../../lib/errors";
import { NetworkSlot } from "../labDefinition";
import { LabEnvironment } from "../labEnvironment";
import { NetworkRef } from "../networkRef";
import { ScopedFlowLogs } from "../scopedFlowLogs";
import { BASTION, WORKLOADS } from "../../labs/bastionSsm/names";
import { ENDPOINT_SERVICE_NAMES } from "./endpointServiceLab/network";
import { ENDPOINTS_NAMES } from "./endpointsLab/network";

/**
 * Subnet- and ENI-level flow logs for chosen lab subnets and instances (config
 * `flowLogSubnetNames`, `flowLogInstanceNames`), beside every VPC's own log: the scopes the
 * workshop has students compare.
 */

/** A lab instance by Name tag, with the VPC (network slot) it runs in. */
export interface LabInstanceName {
    readonly name: string;
    readonly slot: NetworkSlotKey;
}

/** The instances each lab builds with this config, by Name tag. A test keeps this in step with the labs. */
export function labInstanceNames(lab: LabName, config: StackConfig): LabInstanceName[] {
    switch (lab) {
        case "endpoints":
            return [ENDPOINTS_NAMES.publicInstance, ENDPOINTS_NAMES.privateInstance].map((name) => ({ name, slot: "endpoints" }));
        case "endpoint-service":
            return [
                { name: ENDPOINT_SERVICE_NAMES.client, slot: "endpointServiceConsumer" },
                ...ENDPOINT_SERVICE_NAMES.webServers.map((name) => ({ name, slot: "endpointServiceProvider" as const })),
            ];
        case "bastion-ssm":
            return [...WORKLOADS.map((w) => w.nameTag), ...(config.bastionSsm.operatorCidr !== undefined ? [BASTION.nameTag] : [])].map((name) => ({ name, slot: "bastionSsm" }));
    }
}

/** The scoped logs one lab needs: subnets by slot (as spec keys) and instance names by slot. */
export interface LabScopes {
    readonly subnets: ReadonlyMap<NetworkSlotKey, readonly { key: string; name: string }[]>;
    readonly instances: ReadonlyMap<NetworkSlotKey, readonly string[]>;
}

/**
 * Which of the configured names belong to each chosen lab, and a problem for every name that
 * no chosen lab has (with the names there are), found before anything is registered.
 */
export function resolveFlowLogScopes(
    scopes: FlowLogScopesConfig,
    labs: readonly { readonly lab: LabName; readonly slots: readonly NetworkSlot[]; readonly instances: readonly LabInstanceName[]; readonly flowLogsOff: ReadonlySet<NetworkSlotKey> }[],
): { perLab: Map<LabName, LabScopes>; problems: Problem[] } {
    const problems: Problem[] = [];
    const perLab = new Map<LabName, LabScopes>(labs.map(({ lab }) => [lab, { subnets: new Map(), instances: new Map() }]));
    const allSubnets = labs.flatMap(({ lab, slots }) => slots.flatMap((slot) => slot.spec.subnets.map((s) => ({ lab, slot: slot.key, key: s.key, name: s.name }))));
    const allInstances = labs.flatMap(({ lab, instances }) => instances.map((i) => ({ lab, ...i })));
    const offFor = (lab: LabName, slot: NetworkSlotKey) => labs.find((l) => l.lab === lab)?.flowLogsOff.has(slot) ?? false;
    const offProblem = (key: string, name: string) =>
        problems.push({ key, rule: `${name} is in an existing VPC whose flow logs are off (existingVpcFlowLogs: false)`, fix: "set existingVpcFlowLogs: true, or remove the name" });
    scopes.subnetNames.forEach((name, i) => {
        const key = `vpc-labs:flowLogSubnetNames[${i}]`;
        const found = allSubnets.find((s) => s.name === name);
        if (!found) {
            problems.push({ key, rule: `"${name}" is not a subnet of the chosen labs`, fix: `use Name tags of their subnets: ${allSubnets.map((s) => s.name).join(", ")}` });
        } else if (offFor(found.lab, found.slot)) {
            offProblem(key, name);
        } else {
            const subnets = perLab.get(found.lab)!.subnets as Map<NetworkSlotKey, { key: string; name: string }[]>;
            subnets.set(found.slot, [...(subnets.get(found.slot) ?? []), { key: found.key, name }]);
        }
    });
    scopes.instanceNames.forEach((name, i) => {
        const key = `vpc-labs:flowLogInstanceNames[${i}]`;
        const found = allInstances.find((s) => s.name === name);
        if (!found) {
            const hint = name === BASTION.nameTag ? " (BASTION exists only with bastionSsmOperatorCidr set)" : "";
            problems.push({ key, rule: `"${name}" is not an instance of the chosen labs${hint}`, fix: `use Name tags of their instances: ${allInstances.map((s) => s.name).join(", ")}` });
        } else if (offFor(found.lab, found.slot)) {
            offProblem(key, name);
        } else {
            const instances = perLab.get(found.lab)!.instances as Map<NetworkSlotKey, string[]>;
            instances.set(found.slot, [...(instances.get(found.slot) ?? []), name]);
        }
    });
    return { perLab, problems };
}

/**
 * Collects the lab's instances by Name tag as they are constructed: a legacy resource
 * transformation on the lab component sees every child, so the labs need no hook of their own.
 */
export function instanceCollector(names: readonly string[]): { readonly transformation: pulumi.ResourceTransformation; readonly instances: Map<string, aws.ec2.Instance> } {
    const instances = new Map<string, aws.ec2.Instance>();
    const transformation: pulumi.ResourceTransformation = (args) => {
        const name = (args.props.tags as Record<string, unknown> | undefined)?.Name;
        if (args.type === "aws:ec2/instance:Instance" && typeof name === "string" && names.includes(name)) {
            instances.set(name, args.resource as aws.ec2.Instance);
        }
        return undefined;
    };
    return { transformation, instances };
}

/** The subnet- and ENI-level logs of one lab VPC, as children of the lab. */
export function buildScopedFlowLogs(
    scopes: { readonly subnets: readonly { key: string; name: string }[]; readonly instances: readonly string[]; readonly config: FlowLogScopesConfig },
    network: NetworkRef,
    instances: ReadonlyMap<string, aws.ec2.Instance>,
    environment: LabEnvironment,
    parent: pulumi.Resource,
): ScopedFlowLogs[] {
    const vpcFlowLogs = network.flowLogs;
    if (!vpcFlowLogs) {
        return [];
    }
    const label = vpcFlowLogs.label;
    const name = vpcFlowLogs.resourceName;
    const common = { settings: environment.flowLogs, vpcFlowLogs, aws: environment.aws, keepDataOnDelete: environment.keepDataOnDelete, tags: environment.tags };
    const built: ScopedFlowLogs[] = [];
    if (scopes.subnets.length > 0) {
        const targets = scopes.subnets.map((s) => ({ name: s.name, id: network.subnets.find((ref) => ref.key === s.key)!.id }));
        built.push(new ScopedFlowLogs(`${name}-subnet`, { ...common, scope: "subnet", targets, trafficType: scopes.config.subnetTrafficType, label: `${label}-subnet` }, { parent }));
    }
    if (scopes.instances.length > 0) {
        const targets = scopes.instances.map((instanceName) => {
            const instance = instances.get(instanceName);
            if (!instance) {
                throw new Error(`lab instance ${instanceName} was not built; labInstanceNames is out of step with the lab`);
            }
            return { name: instanceName, id: instance.primaryNetworkInterfaceId };
        });
        built.push(new ScopedFlowLogs(`${name}-eni`, { ...common, scope: "eni", targets, trafficType: scopes.config.instanceTrafficType, label: `${label}-eni` }, { parent }));
    }
    return built;
}
