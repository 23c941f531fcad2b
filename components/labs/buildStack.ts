import * as pulumi from "@pulumi/pulumi";
import { NetworkSlotKey } from "../../config/keys";
import { LoadedStack } from "../../config/load";
import { ConfigError, Problem } from "../../lib/errors";
import { stackTags } from "../../lib/tags";
import { LabEnvironment } from "../labEnvironment";
import { BuiltLab } from "../labDefinition";
import { NetworkProvider } from "../networkSources/provider";
import { resolveNetwork } from "../networkSources/resolve";
import { flowLogOutputs } from "../flowLogs/outputs";
import { NetworkRef } from "../networkRef";
import { buildScopedFlowLogs, instanceCollector, labInstanceNames, resolveFlowLogScopes } from "./flowLogScopes";
import { labDefinition } from "./registry";

/** The stack-wide environment every lab shares, from the validated config. */
export function environmentOf(stack: LoadedStack): LabEnvironment {
    const { config } = stack;
    return {
        aws: stack.aws,
        availabilityZones: config.availabilityZones,
        instanceType: config.instanceType,
        interfaceEndpointAzCount: config.interfaceEndpointAzCount,
        flowLogs: config.flowLogs,
        keepDataOnDelete: config.keepDataOnDelete,
        tags: stackTags({ stack: stack.stackName ?? pulumi.getStack(), student: config.classroom.student, expiresAt: config.classroom.expiresAt }),
    };
}

/**
 * Builds the chosen labs. Every lab's settings and every VPC's source (with the lookups of
 * existing VPCs) are checked first, so a problem anywhere stops the run before anything is
 * registered.
 */
export async function buildLabs(stack: LoadedStack): Promise<Record<string, BuiltLab>> {
    const environment = environmentOf(stack);
    const chosen = stack.config.labs.map((name) => {
        const definition = labDefinition(name);
        if (!definition) {
            throw new ConfigError("Stack config", [{ key: "vpc-labs:labs", rule: `lab "${name}" is not available in this build`, fix: "remove it from labs" }]);
        }
        return { definition, config: definition.configOf(stack.config), environment: { ...environment, tags: { ...environment.tags, Lab: name } } };
    });
    const problems: Problem[] = chosen.flatMap(({ definition, config }) => definition.problems(environment, config));
    const scopes = resolveFlowLogScopes(
        stack.config.flowLogScopes,
        chosen.map(({ definition, config }) => {
            const slots = definition.networks(environment, config);
            const off = slots.map((slot) => slot.key).filter((key) => {
                const source = stack.config.networkSources[key];
                return source.kind === "existing" && !source.flowLogs;
            });
            return { lab: definition.name, slots, instances: labInstanceNames(definition.name, stack.config), flowLogsOff: new Set(off) };
        }),
    );
    problems.push(...scopes.problems);
    const networks = await Promise.all(
        chosen.map(async ({ definition, config }) => {
            const providers: Partial<Record<NetworkSlotKey, NetworkProvider>> = {};
            for (const slot of definition.networks(environment, config)) {
                const resolved = await resolveNetwork(slot, stack.config.networkSources[slot.key]);
                problems.push(...resolved.problems);
                providers[slot.key] = resolved.provider;
            }
            return providers;
        }),
    );
    if (problems.length > 0) {
        throw new ConfigError("Stack config", problems);
    }
    const built: Record<string, BuiltLab> = {};
    chosen.forEach(({ definition, config, environment: labEnvironment }, i) => {
        // The lab's networks as its providers hand them over, for their flow logs.
        const refs: { slot: NetworkSlotKey; ref: NetworkRef }[] = [];
        const providers = Object.fromEntries(
            Object.entries(networks[i]).map(([key, provider]) => [key, ((...args) => {
                const ref = provider(...args);
                refs.push({ slot: key as NetworkSlotKey, ref });
                return ref;
            }) as NetworkProvider]),
        ) as Partial<Record<NetworkSlotKey, NetworkProvider>>;
        const labScopes = scopes.perLab.get(definition.name);
        const instanceNames = [...(labScopes?.instances.values() ?? [])].flat();
        const collector = instanceCollector(instanceNames);
        const lab = definition.build(definition.name, labEnvironment, config, providers, instanceNames.length > 0 ? { transformations: [collector.transformation] } : undefined);
        const scoped = refs.flatMap(({ slot, ref }) =>
            buildScopedFlowLogs(
                { subnets: labScopes?.subnets.get(slot) ?? [], instances: labScopes?.instances.get(slot) ?? [], config: stack.config.flowLogScopes },
                ref,
                collector.instances,
                labEnvironment,
                lab.component,
            ),
        );
        const flowLogs = [...refs.flatMap(({ ref }) => ref.flowLogs?.built ?? []), ...scoped.flatMap((s) => s.built)];
        built[definition.outputKey] = {
            ...lab,
            outputs: { ...lab.outputs, flowLogs: flowLogOutputs(flowLogs, labEnvironment.flowLogs, { region: stack.aws.region, accountId: stack.aws.accountId }) },
        };
    });
    return built;
}
