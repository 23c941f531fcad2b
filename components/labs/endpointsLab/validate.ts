import { EndpointsLabConfig } from "../../../config/stackConfig";
import { principalArnProblem } from "../../../lib/arns";
import { Problem, quoted } from "../../../lib/errors";
import { GATEWAY_SERVICES, GatewayService } from "../../../lib/services";
import { interfaceEndpointProblems } from "../../interfaceEndpoint";
import { LabEnvironment } from "../../labEnvironment";
import { NetworkRef, routeTablesOfTier, subnetsOfTier } from "../../networkRef";
import { interfaceEndpointSubnets, interfaceServicesOf } from "./network";

/**
 * Everything wrong with the lab's settings, keyed by config key. The stack config validator
 * checks most of these already; they are checked again here because the component can be
 * built from code, and the rules that need the whole lab (an interface endpoint to a service
 * that also has a gateway endpoint) live only here.
 */
export function endpointsLabProblems(environment: LabEnvironment, config: EndpointsLabConfig): Problem[] {
    const problems: Problem[] = [];
    const report = (key: string, rule: string, fix: string) => problems.push({ key: `vpc-labs:${key}`, rule, fix });

    if (!config.gatewayServices.includes("s3")) {
        report("endpointsGatewayServices", "does not list s3; the lab's bucket is locked to the S3 gateway endpoint", 'add "s3"');
    }
    config.gatewayServices.forEach((service, i) => {
        if (!(GATEWAY_SERVICES as readonly string[]).includes(service)) {
            report(`endpointsGatewayServices[${i}]`, `"${service}" has no gateway endpoint (only ${GATEWAY_SERVICES.join(" and ")} do)`, "list it in endpointsInterfaceServices instead");
        }
    });
    if (config.gatewayRouteTables.length === 0) {
        report("endpointsGatewayRouteTables", "lists no route table; a gateway endpoint reaches nothing without a route", 'list "public", "private" or both');
    }
    config.interfaceServices.forEach((service, i) => {
        if ((GATEWAY_SERVICES as readonly string[]).includes(service) && !config.gatewayServices.includes(service as GatewayService)) {
            report(
                `endpointsInterfaceServices[${i}]`,
                `an interface endpoint for ${service} with private DNS needs the ${service} gateway endpoint: the lab keeps the VPC's own ${service} traffic on the free gateway path and gives private DNS to inbound resolver endpoints only`,
                `add "${service}" to endpointsGatewayServices, or remove "${service}" here`,
            );
        }
    });
    config.bucketManagers.forEach((principal, i) => {
        const partition = environment.aws.partition;
        const problem = principal.includes("*") ? undefined : principalArnProblem(principal, partition);
        if (principal.includes("*")) {
            report(`endpointsBucketManagers[${i}]`, `${quoted(principal)} would let any matching principal manage the locked bucket from anywhere`, "list exact role or user ARNs");
        } else if (problem) {
            report(`endpointsBucketManagers[${i}]`, `${quoted(principal)} ${problem.rule}`, problem.fix ?? `write it like arn:${partition}:iam::123456789012:role/name or arn:${partition}:iam::123456789012:user/name`);
        }
    });
    return problems;
}

/**
 * What a network handed to the lab lacks: the route tables the gateway endpoints go on, a
 * subnet for each instance, and the DNS flags private DNS needs (the InterfaceEndpoint rules,
 * keyed by the config entry that asks for each endpoint). A network the lab builds itself
 * has all of these.
 */
export function endpointsNetworkProblems(network: NetworkRef, environment: LabEnvironment, config: EndpointsLabConfig): Problem[] {
    const problems: Problem[] = [];
    config.gatewayRouteTables.forEach((tier, i) => {
        if (routeTablesOfTier(network, tier).length === 0) {
            problems.push({
                key: `vpc-labs:endpointsGatewayRouteTables[${i}]`,
                rule: `the network has no ${tier} route table to put the gateway endpoints on`,
                fix: `remove "${tier}", or give the network a ${tier} route table`,
            });
        }
    });
    for (const tier of ["public", "private"] as const) {
        if (subnetsOfTier(network, tier).length === 0) {
            problems.push({ key: "network.subnets", rule: `the network has no ${tier} subnet for the ${tier} instance`, fix: `give the network a ${tier} subnet` });
        }
    }
    const subnetIds = interfaceEndpointSubnets(network, environment.interfaceEndpointAzCount).map((s) => s.id);
    for (const { service, key } of interfaceServicesOf(config)) {
        problems.push(
            ...interfaceEndpointProblems(
                {
                    network,
                    target: { kind: "aws-service", service, region: environment.aws.region },
                    subnetIds,
                    privateDns: true,
                    securityGroups: { create: { nameTag: service, port: 443 } },
                    nameTag: service,
                },
                key,
            ).map((problem) =>
                // The lab gives every interface endpoint private DNS, so the network is what to fix.
                problem.key.endsWith(".privateDns") ? { ...problem, fix: "turn on DNS hostnames and DNS support on the network the lab is given" } : problem,
            ),
        );
    }
    return problems;
}
