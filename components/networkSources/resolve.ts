import { qualified } from "../../config/keys";
import { NetworkSourceConfig } from "../../config/stackConfig";
import { Problem } from "../../lib/errors";
import { NetworkSlot } from "../labDefinition";
import { awsxLayoutProblems } from "./awsxLayout";
import { awsxNetwork } from "./awsxLabNetwork";
import { existingNetwork, existingNetworkProblems, findExistingNetwork } from "./existingNetwork";
import { NetworkProvider, nativeNetwork } from "./provider";

/** A slot's provider, or the problems that keep it from having one. */
export type ResolvedNetwork = { readonly provider: NetworkProvider; readonly problems: readonly [] } | { readonly provider?: undefined; readonly problems: readonly Problem[] };

/**
 * Turns a VPC's configured source into the provider the lab will call, checking first that
 * the source can give the lab what it needs. Existing VPCs are looked up here (reads only),
 * so every problem is known before the first resource is registered.
 */
export async function resolveNetwork(slot: NetworkSlot, source: NetworkSourceConfig): Promise<ResolvedNetwork> {
    if (source.kind === "native") {
        return { provider: nativeNetwork, problems: [] };
    }
    if (source.kind === "awsx") {
        const problems = awsxLayoutProblems(slot.spec, qualified(`${slot.key}NetworkSource`));
        return problems.length > 0 ? { problems } : { provider: awsxNetwork, problems: [] };
    }
    const subnetsKey = qualified(`${slot.key}ExistingSubnetIds`);
    if (source.subnetIds.length !== slot.spec.subnets.length) {
        const wanted = slot.spec.subnets.map((s) => s.name).join(", ");
        return {
            problems: [
                {
                    key: subnetsKey,
                    rule: `lists ${source.subnetIds.length} subnets but ${slot.spec.vpcName} has ${slot.spec.subnets.length} (${wanted})`,
                    fix: `list one existing subnet for each, in that order`,
                },
            ],
        };
    }
    const choice = { vpcId: source.vpcId, subnetIds: source.subnetIds, flowLogs: source.flowLogs, keyPrefix: slot.key };
    const found = await findExistingNetwork(choice);
    const problems = existingNetworkProblems(slot.spec, choice, found);
    if (slot.privateDns && !(found.enableDnsHostnames && found.enableDnsSupport)) {
        problems.push({
            key: qualified(`${slot.key}ExistingVpcId`),
            rule: `${found.vpcId} has DNS hostnames or DNS support off, and the lab's interface endpoints use private DNS`,
            fix: `turn both on: aws ec2 modify-vpc-attribute --vpc-id ${found.vpcId} --enable-dns-hostnames '{"Value":true}' (and --enable-dns-support)`,
        });
    }
    return problems.length > 0 ? { problems } : { provider: existingNetwork(found, source.flowLogs), problems: [] };
}
