import { LoadedStack } from "../../config/load";
import { ConfigError, Problem } from "../../lib/errors";
import { LabEnvironment } from "../labEnvironment";
import { BuiltLab } from "../labDefinition";
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
        tags: { Project: "vpc-labs", ManagedBy: "pulumi" },
    };
}

/**
 * Builds the chosen labs. Every lab's settings are checked first, so a problem in the last
 * lab stops the run before the first registers anything.
 */
export function buildLabs(stack: LoadedStack): Record<string, BuiltLab> {
    const environment = environmentOf(stack);
    const chosen = stack.config.labs.map((name) => {
        const definition = labDefinition(name);
        if (!definition) {
            throw new ConfigError("Stack config", [{ key: "vpc-labs:labs", rule: `lab "${name}" is not available in this build`, fix: "remove it from labs" }]);
        }
        return { definition, config: definition.configOf(stack.config) };
    });
    const problems: Problem[] = chosen.flatMap(({ definition, config }) => definition.problems(environment, config));
    if (problems.length > 0) {
        throw new ConfigError("Stack config", problems);
    }
    const built: Record<string, BuiltLab> = {};
    for (const { definition, config } of chosen) {
        built[definition.outputKey] = definition.build(definition.name, { ...environment, tags: { ...environment.tags, Lab: definition.name } }, config);
    }
    return built;
}
