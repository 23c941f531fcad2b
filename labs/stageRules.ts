import { qualified } from "../config/keys";
import { BastionSsmLabConfig, EndpointServiceLabConfig, EndpointsLabConfig } from "../config/stackConfig";
import { Problem } from "../lib/errors";
import { StageOf, finalStage } from "../config/stages";

/**
 * How each lab's stage key combines with the lab's other keys. The stage decides which of the
 * lab's parts exist; the other keys keep deciding how each part is built once it exists:
 *
 * - endpoints: `endpointsGatewayServices` / `endpointsGatewayRouteTables` shape the gateway
 *   stage, `endpointsInterfaceServices` the interface stage; `endpointsPrivateInstanceAccess`
 *   applies at every stage (the way in to the private instance is not part of the lesson).
 * - endpoint-service: `endpointServiceAutoAccept` says who accepts at the accepted stage: the
 *   program (true) or you with the exported accept command (false). Before it, nothing accepts.
 * - bastion-ssm: `bastionSsmNatGateways` shapes the nat stage (none: the stage adds nothing, so
 *   naming it is refused; later stages simply have no NAT). `bastionSsmNaclExercise: true` is the
 *   stage-less way to say "nacl": with no stage it builds the nacl stage, with a stage it must
 *   agree with it.
 */

/** The stage the endpoints lab is built at. */
export function endpointsStageOf(config: EndpointsLabConfig): StageOf<"endpoints"> {
    return config.stage ?? finalStage("endpoints");
}

/** The stage the endpoint-service lab is built at. */
export function endpointServiceStageOf(config: EndpointServiceLabConfig): StageOf<"endpoint-service"> {
    return config.stage ?? finalStage("endpoint-service");
}

/** The stage the bastion-ssm lab is built at: the named one, else nacl with the exercise switch on, else the final stage. */
export function bastionSsmStageOf(config: BastionSsmLabConfig): StageOf<"bastion-ssm"> {
    return config.stage ?? (config.naclExercise ? "nacl" : finalStage("bastion-ssm"));
}

/** Contradictions between `endpointsStage` and the lab's other keys. */
export function endpointsStageProblems(config: EndpointsLabConfig): Problem[] {
    if (config.stage === "interface" && config.interfaceServices.length === 0) {
        return [
            {
                key: qualified("endpointsStage"),
                rule: '"interface" adds the interface endpoints of endpointsInterfaceServices, which lists none',
                fix: "list a service in endpointsInterfaceServices (e.g. cloudformation, as the book), or stay at endpointsStage: gateway",
            },
        ];
    }
    return [];
}

/** Contradictions between `endpointServiceStage` and the lab's other keys: none; autoAccept only says who accepts. */
export function endpointServiceStageProblems(_config: EndpointServiceLabConfig): Problem[] {
    return [];
}

/** Contradictions between `bastionSsmStage` and the lab's other keys. */
export function bastionSsmStageProblems(config: BastionSsmLabConfig): Problem[] {
    const problems: Problem[] = [];
    const stage = config.stage;
    if (stage !== undefined && config.naclExercise && stage !== "nacl") {
        problems.push({
            key: qualified("bastionSsmNaclExercise"),
            rule:
                stage === "nacl-off"
                    ? 'is true, but bastionSsmStage is "nacl-off", the stage that removes IMD-PRIVATE-NACL again'
                    : `is true, but bastionSsmStage is "${stage}", before the NACL exercise (the stage nacl comes after ssm)`,
            fix: "set bastionSsmNaclExercise: false and choose the stage with bastionSsmStage alone (nacl builds the NACL), or remove bastionSsmStage",
        });
    }
    if (stage === "nat" && config.natGateways === "none") {
        problems.push({
            key: qualified("bastionSsmStage"),
            rule: '"nat" adds the NAT gateways bastionSsmNatGateways chooses, and it chooses none',
            fix: "set bastionSsmNatGateways: single (IMD-NATGW, as the original) or per-az, or go on to bastionSsmStage: ssm",
        });
    }
    return problems;
}
