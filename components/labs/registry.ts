import { LabName } from "../../config/keys";
import { AnyLabDefinition } from "../labDefinition";
import { bastionSsmLabDefinition } from "./bastionSsmLab";
import { endpointServiceLabDefinition } from "./endpointServiceLab";
import { endpointsLabDefinition } from "./endpointsLab";

/**
 * Every lab the program can build, in build order. A lab is added here once its component
 * exists; the stack config's `labs` key chooses among them.
 */
export const LAB_DEFINITIONS: readonly AnyLabDefinition[] = [endpointsLabDefinition, endpointServiceLabDefinition, bastionSsmLabDefinition];

/** The definition of a lab by name. */
export function labDefinition(name: LabName): AnyLabDefinition | undefined {
    return LAB_DEFINITIONS.find((d) => d.name === name);
}
