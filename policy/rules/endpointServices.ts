import * as aws from "@pulumi/aws";
import { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { isUnknown, knowableList } from "../../analysis/stack/knowable";
import { readConfig, validateKnowableResourceOfType, validateStackIndex } from "../lib/ruleKit";
import { StackIndex, StackNode } from "../../analysis/stack/stackIndex";
import { zoneShortfall, zoneSpread } from "../lib/zones";

export const endpointServiceAcceptanceRequired: ResourceValidationPolicy = {
    name: "endpoint-service-acceptance-required",
    description: "Checks that every VPC endpoint service requires the provider to accept each connection.",
    enforcementLevel: "mandatory",
    validateResource: validateKnowableResourceOfType(aws.ec2.VpcEndpointService, (service, args, reportViolation) => {
        if (service.acceptanceRequired === false) {
            reportViolation(
                `Endpoint service "${args.name}" must require acceptance; acceptanceRequired is false, so any allowed principal connects unreviewed: set acceptanceRequired: true.`,
            );
        }
    }),
};

/** `*`, or an IAM ARN for any account (`arn:aws:iam::*:root`): anyone may connect. */
function isEveryone(principal: unknown): boolean {
    return principal === "*" || (typeof principal === "string" && /^arn:[^:]+:iam::\*:/.test(principal));
}

const EVERYONE_FIX = "list the account or role ARNs that may connect instead";

export const endpointServiceNoPublicPrincipal: ResourceValidationPolicy = {
    name: "endpoint-service-no-public-principal",
    description: "Checks that no VPC endpoint service allows principal * (every AWS account) to connect.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateKnowableResourceOfType(aws.ec2.VpcEndpointService, (service, args, reportViolation) => {
            const principals = knowableList(service.allowedPrincipals);
            const everyone = isUnknown(principals) ? undefined : principals.find(isEveryone);
            if (everyone !== undefined) {
                reportViolation(`Endpoint service "${args.name}" must not allow principal "*"; allowedPrincipals contains "${String(everyone)}": ${EVERYONE_FIX}.`);
            }
        }),
        validateKnowableResourceOfType(aws.ec2.VpcEndpointServiceAllowedPrinciple, (allowed, args, reportViolation) => {
            if (isEveryone(allowed.principalArn)) {
                reportViolation(
                    `Endpoint service principal "${args.name}" must not allow principal "*"; its principalArn is "${String(allowed.principalArn)}": ${EVERYONE_FIX}.`,
                );
            }
        }),
    ],
};

const loadBalancerSchema: PolicyConfigSchema = {
    properties: {
        minAvailabilityZones: {
            type: "integer",
            minimum: 1,
            default: 2,
            description: "Fewest Availability Zones the load balancer behind an endpoint service may span.",
        },
    },
};

const LOAD_BALANCERS = [aws.lb.LoadBalancer, aws.alb.LoadBalancer];

export const endpointServiceLoadBalancer: StackValidationPolicy = {
    name: "endpoint-service-load-balancer-internal-multi-az",
    description: "Checks that every load balancer behind a VPC endpoint service is internal and spans at least two Availability Zones.",
    enforcementLevel: "mandatory",
    configSchema: loadBalancerSchema,
    validateStack: validateStackIndex((index, args, reportViolation) => {
        const { minAvailabilityZones } = readConfig<{ minAvailabilityZones: number }>(args, loadBalancerSchema);
        for (const service of index.ofType(aws.ec2.VpcEndpointService)) {
            const balancers = [
                ...index.referencedBy(service, "networkLoadBalancerArns", LOAD_BALANCERS, ["arn", "id"]).nodes,
                ...index.referencedBy(service, "gatewayLoadBalancerArns", LOAD_BALANCERS, ["arn", "id"]).nodes,
            ];
            for (const balancer of balancers) {
                const subject = `Load balancer "${balancer.name}" behind endpoint service "${service.name}"`;
                // `internal` defaults to false: internet-facing.
                if (balancer.props.internal === undefined || balancer.props.internal === false) {
                    reportViolation(`${subject} must be internal; it is internet-facing: set internal: true and reach it only through the endpoint service.`, balancer.urn);
                }
                const shortfall = zoneShortfall(zoneSpread(loadBalancerSubnets(index, balancer)), minAvailabilityZones);
                if (shortfall !== undefined) {
                    reportViolation(`${subject} must span at least ${minAvailabilityZones} Availability Zones; ${shortfall}: add a subnet in another zone.`, balancer.urn);
                }
            }
        }
    }),
};

/** The subnets of a load balancer, from `subnets` or from `subnetMappings[*].subnetId`. */
function loadBalancerSubnets(index: StackIndex, balancer: StackNode) {
    const mappings = knowableList(balancer.props.subnetMappings);
    if (!isUnknown(mappings) && mappings.length > 0) {
        const subnetIds = mappings.map((mapping) => (mapping as Record<string, unknown> | undefined)?.subnetId);
        return index.resolve(subnetIds, balancer.propertyDependencies.subnetMappings ?? [], [aws.ec2.Subnet]);
    }
    return index.referencedBy(balancer, "subnets", [aws.ec2.Subnet]);
}
