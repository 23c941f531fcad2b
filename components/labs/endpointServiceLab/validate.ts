import { CONFIG_KEYS, qualified } from "../../../config/keys";
import { checkVpcLayout } from "../../../config/layout";
import { readCidr } from "../../../config/reader";
import { EndpointServiceLabConfig } from "../../../config/stackConfig";
import { principalArnProblem } from "../../../lib/arns";
import { Problem, ProblemList, quoted } from "../../../lib/errors";
import { LabEnvironment } from "../../labEnvironment";
import { NetworkRef, onePerZone } from "../../networkRef";
import { ENDPOINT_SERVICE_NAMES } from "./network";

/** The lab's two networks as handed to it: what the checks below read. */
export interface EndpointServiceNetworkRefs {
    readonly consumer: NetworkRef;
    readonly provider: NetworkRef;
}

/**
 * Longest component name whose load balancer and target group names still fit: the provider
 * autonames them `<name>-nlb-<7 hex>` / `<name>-tg-<7 hex>`, and AWS allows 32 characters.
 */
export const MAX_LAB_NAME_LENGTH = 20;

/**
 * Everything wrong with the lab's own settings, keyed by config key. The stack config
 * validator already checks most of these; they are checked again here because the component
 * can be built without it (tests, other programs), and the lab must never pass `*` or a
 * malformed address plan to AWS either way.
 */
export function endpointServiceConfigProblems(environment: LabEnvironment, config: EndpointServiceLabConfig): Problem[] {
    return [...principalProblems(environment, config.allowedPrincipals), ...addressPlanProblems(environment, config)];
}

/** The principal checks alone: what still applies when the lab is handed its networks. */
export function endpointServicePrincipalProblems(environment: LabEnvironment, config: EndpointServiceLabConfig): Problem[] {
    return principalProblems(environment, config.allowedPrincipals);
}

/**
 * Who may connect: ARNs of IAM principals in the deploying partition, each once, never `*`.
 * A principal in another partition (aws-cn, aws-us-gov) can never reach a service here.
 */
function principalProblems(environment: LabEnvironment, principals: readonly string[]): Problem[] {
    const problems = new ProblemList();
    const partition = environment.aws.partition;
    principals.forEach((principal, i) => {
        const key = qualified(`endpointServiceAllowedPrincipals[${i}]`);
        const problem = principal.includes("*") ? undefined : principalArnProblem(principal, partition);
        if (principal.includes("*")) {
            problems.report(key, `${quoted(principal)} lets every AWS account (or every principal of one) connect to the endpoint service`, "list account or role ARNs, or leave the list empty for the deploying account");
        } else if (problem) {
            problems.report(key, `${quoted(principal)} ${problem.rule}`, problem.fix ?? `write it like arn:${partition}:iam::123456789012:root or arn:${partition}:iam::123456789012:role/name`);
        } else if (principals.indexOf(principal) !== i) {
            problems.report(key, `"${principal}" is listed twice`, "list each principal once");
        }
    });
    return problems.problems;
}

/** Both VPCs' blocks and subnets, as the stack config validator checks them. Overlap between the two VPCs is allowed: PrivateLink translates addresses. */
function addressPlanProblems(environment: LabEnvironment, config: EndpointServiceLabConfig): Problem[] {
    const problems = new ProblemList();
    const consumerKey = "endpointServiceConsumerSubnetCidrs";
    const providerKey = "endpointServiceProviderSubnetCidrs";
    const consumerCount = config.consumerSubnetCidrs.length;
    const azCount = environment.interfaceEndpointAzCount;
    if (consumerCount < 1 || consumerCount > 2) {
        problems.report(
            qualified(consumerKey),
            `lists ${consumerCount} subnets; it takes 1 to 2, one per zone in order (${ENDPOINT_SERVICE_NAMES.consumerSubnets.join(", ")})`,
            `list 1 to 2, e.g. [${(CONFIG_KEYS[consumerKey].default as readonly string[]).join(", ")}]`,
        );
    } else if (consumerCount < azCount) {
        problems.report(
            qualified(consumerKey),
            `lists ${consumerCount} subnet but interfaceEndpointAzCount is ${azCount}; the consumer endpoint needs a subnet in each zone`,
            "add a second subnet, or set interfaceEndpointAzCount: 1",
        );
    }
    const providerCidrs = config.providerSubnetCidrs.filter((cidr) => cidr !== undefined);
    if (providerCidrs.length !== 2) {
        problems.report(
            qualified(providerKey),
            `lists ${providerCidrs.length} subnets; it takes exactly 2, zone 1 then zone 2 (${ENDPOINT_SERVICE_NAMES.providerSubnets.join(", ")})`,
            `list exactly 2, e.g. [${(CONFIG_KEYS[providerKey].default as readonly string[]).join(", ")}]`,
        );
    }
    const vpc = (key: "endpointServiceConsumerVpcCidr" | "endpointServiceProviderVpcCidr", text: string) =>
        readCidr(problems, qualified(key), text, CONFIG_KEYS[key].default);
    const subnets = (key: typeof consumerKey | typeof providerKey, texts: readonly string[]) =>
        texts.map((text, i) => readCidr(problems, qualified(`${key}[${i}]`), text, (CONFIG_KEYS[key].default as readonly string[])[Math.min(i, 1)]));
    checkVpcLayout(problems, vpc("endpointServiceConsumerVpcCidr", config.consumerVpcCidr), subnets(consumerKey, config.consumerSubnetCidrs));
    checkVpcLayout(problems, vpc("endpointServiceProviderVpcCidr", config.providerVpcCidr), subnets(providerKey, providerCidrs));
    return problems.problems;
}

/**
 * What the lab needs from networks it is handed: a public consumer subnet in each zone the
 * endpoint spans (My-EC2 takes zone 1's), and private provider subnets in zones 1 and 2 (the
 * NLB and one web server each). The endpoint's zones are then always zones the NLB serves,
 * which PrivateLink requires.
 */
export function endpointServiceNetworkProblems(networks: EndpointServiceNetworkRefs, environment: LabEnvironment): Problem[] {
    const problems = new ProblemList();
    const azCount = environment.interfaceEndpointAzCount;
    const consumerZones = onePerZone(networks.consumer, "public", azCount).map((s) => s.zoneIndex);
    const missingConsumer = zonesUpTo(azCount).filter((zone) => !consumerZones.includes(zone));
    if (missingConsumer.length > 0) {
        problems.report(
            "networks.consumer.subnets",
            `has no public subnet in ${zoneList(missingConsumer)}; ${ENDPOINT_SERVICE_NAMES.client} takes zone 1's and the endpoint needs one in each of its ${azCount} zone${azCount === 1 ? "" : "s"}`,
            `add a public subnet in ${zoneList(missingConsumer)}${azCount > 1 ? ", or set interfaceEndpointAzCount: 1" : ""}`,
        );
    }
    const providerZones = onePerZone(networks.provider, "private", 2).map((s) => s.zoneIndex);
    const missingProvider = zonesUpTo(2).filter((zone) => !providerZones.includes(zone));
    if (missingProvider.length > 0) {
        problems.report(
            "networks.provider.subnets",
            `has no private subnet in ${zoneList(missingProvider)}; the NLB spans zones 1 and 2 with one web server in each`,
            `add a private subnet in ${zoneList(missingProvider)}`,
        );
    }
    return problems.problems;
}

/**
 * The component name must leave room for the provider's autonaming of the load balancer
 * and target group, and use only the characters their names allow.
 */
export function labNameProblems(name: string): Problem[] {
    const problems: Problem[] = [];
    if (name.length > MAX_LAB_NAME_LENGTH) {
        problems.push({
            key: "name",
            rule: `"${name}" is ${name.length} characters; the load balancer is named "${name}-nlb-" plus 7 random characters, and AWS allows 32`,
            fix: `use a name of at most ${MAX_LAB_NAME_LENGTH} characters`,
        });
    }
    if (!/^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(name)) {
        problems.push({
            key: "name",
            rule: `"${name}" has characters a load balancer name cannot have`,
            fix: "use letters, digits and inner hyphens only",
        });
    }
    return problems;
}

function zonesUpTo(count: number): number[] {
    return Array.from({ length: count }, (_, i) => i);
}

function zoneList(zones: readonly number[]): string {
    return zones.length === 1 ? `zone ${zones[0] + 1}` : `zones ${zones.map((z) => z + 1).join(" and ")}`;
}
