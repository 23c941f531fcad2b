import { qualified } from "../../../config/keys";
import { BastionSsmLabConfig } from "../../../config/stackConfig";
import { cidrsOverlap, parseCidr } from "../../../lib/cidr";
import { Problem } from "../../../lib/errors";
import { networkSpecProblems } from "../../labNetwork/validate";
import { LabEnvironment } from "../../labEnvironment";
import { NetworkRef, SubnetRef } from "../../networkRef";
import { bastionSsmNetworkSpec } from "./network";

/**
 * The widest operator block the bastion's SSH rule accepts. The stack config refuses /0;
 * this also refuses the near-equivalents (0.0.0.0/1 + 128.0.0.0/1, a /4...) that would open
 * SSH to a large part of the internet all the same.
 */
export const WIDEST_OPERATOR_PREFIX = 16;

const OPERATOR_KEY = qualified("bastionSsmOperatorCidr");
const OPERATOR_FIX = "set the public address you connect from as a /32 (e.g. 203.0.113.7/32), or leave it empty to use Session Manager only";

/**
 * What the stack config validator cannot see in the lab's settings: the operator CIDR against
 * the VPC and against the internet at large, and the network the settings describe. Keys are
 * the stack config keys (`vpc-labs:...`), so the same message serves a stack file and code.
 */
export function bastionSsmConfigProblems(environment: LabEnvironment, config: BastionSsmLabConfig): Problem[] {
    return [...operatorCidrProblems(config, config.vpcCidr), ...networkSettingProblems(environment, config)];
}

/**
 * The operator CIDR: an IPv4 block no wider than /{@link WIDEST_OPERATOR_PREFIX} and, when the
 * VPC's CIDR is known here, outside it.
 */
export function operatorCidrProblems(config: BastionSsmLabConfig, vpcCidr: string | undefined): Problem[] {
    if (config.operatorCidr === undefined) {
        return [];
    }
    const operator = parseCidr(config.operatorCidr);
    const vpc = vpcCidr === undefined ? undefined : parseCidr(vpcCidr);
    if (!operator) {
        return [{ key: OPERATOR_KEY, rule: `"${config.operatorCidr}" is not an IPv4 CIDR block`, fix: OPERATOR_FIX }];
    }
    if (operator.prefix < WIDEST_OPERATOR_PREFIX) {
        const addresses = (2 ** (32 - operator.prefix)).toLocaleString("en-US");
        return [
            {
                key: OPERATOR_KEY,
                rule: `${config.operatorCidr} would open SSH on the bastion to ${addresses} addresses (wider than /${WIDEST_OPERATOR_PREFIX})`,
                fix: OPERATOR_FIX,
            },
        ];
    }
    if (vpc && cidrsOverlap(operator, vpc)) {
        return [
            {
                key: OPERATOR_KEY,
                rule: `${config.operatorCidr} overlaps IMD-VPC (${vpcCidr}); the bastion's SSH rule would admit addresses inside the VPC, not your machine`,
                fix: OPERATOR_FIX,
            },
        ];
    }
    return [];
}

/** Problems of the network the settings describe, as LabNetwork would find them, under config keys. */
function networkSettingProblems(environment: LabEnvironment, config: BastionSsmLabConfig): Problem[] {
    return networkSpecProblems(bastionSsmNetworkSpec(config, environment)).map((problem) => ({
        key: configKeyOfSpecPath(problem.key),
        // The rule may name another subnet by its spec path too ("overlaps subnets[2].cidrBlock").
        rule: problem.rule.replace(/subnets\[\d+\]\.cidrBlock/g, (path) => configKeyOfSpecPath(path)),
        fix: problem.fix,
    }));
}

/** The stack config key behind a path of the generated network spec. */
function configKeyOfSpecPath(path: string): string {
    if (path === "cidrBlock") {
        return qualified("bastionSsmVpcCidr");
    }
    const subnet = /^subnets\[(\d+)\]/.exec(path);
    if (subnet) {
        // The spec lists public A, public B, private A, private B.
        const index = Number(subnet[1]);
        return qualified(index < 2 ? `bastionSsmPublicSubnetCidrs[${index}]` : `bastionSsmPrivateSubnetCidrs[${index - 2}]`);
    }
    // Route table and NAT problems all follow from the NAT choice.
    return qualified("bastionSsmNatGateways");
}

/** The four subnets the lab places its instances, endpoints and NACL in. */
export interface LabSubnets {
    readonly publicA: SubnetRef;
    readonly publicB: SubnetRef;
    readonly privateA: SubnetRef;
    readonly privateB: SubnetRef;
}

/** Finds the lab's subnets by tier and zone, so any network with that shape fits. */
export function labSubnets(network: NetworkRef): LabSubnets | undefined {
    const find = (tier: "public" | "private", zoneIndex: number) => network.subnets.find((s) => s.tier === tier && s.zoneIndex === zoneIndex);
    const [publicA, publicB, privateA, privateB] = [find("public", 0), find("public", 1), find("private", 0), find("private", 1)];
    return publicA && publicB && privateA && privateB ? { publicA, publicB, privateA, privateB } : undefined;
}

/** Why a given network cannot carry the lab; keyed by the argument path `network...`. */
export function bastionSsmNetworkProblems(network: NetworkRef): Problem[] {
    const problems: Problem[] = [];
    const missing = (["public", "private"] as const).flatMap((tier) =>
        [0, 1].filter((zone) => !network.subnets.some((s) => s.tier === tier && s.zoneIndex === zone)).map((zone) => `${tier} subnet in zone ${zone + 1}`),
    );
    if (missing.length > 0) {
        problems.push({
            key: "network.subnets",
            rule: `has no ${missing.join(", no ")}; the lab puts one instance in a public and a private subnet of each zone`,
            fix: "give the network a public and a private subnet in zone 1 and in zone 2",
        });
    }
    if (!(network.enableDnsHostnames && network.enableDnsSupport)) {
        problems.push({
            key: "network.enableDnsHostnames",
            rule: "the SSM endpoints use private DNS, which needs the VPC's DNS hostnames and DNS support on",
            fix: "turn on enableDnsHostnames and enableDnsSupport on the VPC",
        });
    }
    return problems;
}
