import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problem } from "../lib/errors";
import { interfaceServiceKnowledge, INTERFACE_SERVICES_SOURCE } from "./endpointServices";
import { qualified } from "./keys";
import { StackConfig } from "./stackConfig";

/** Whether the Region offers an interface endpoint service; "unknown" when the lookup itself failed (e.g. not permitted). */
export type ServiceLookup = (service: string) => Promise<"offered" | "not-offered" | "unknown">;

/**
 * The provider's `ec2:DescribeVpcEndpointServices` lookup by short name. The data source fails
 * with "no matching EC2 VPC Endpoint Service found" when the Region has none of that name.
 */
export const describeInterfaceService: ServiceLookup = async (service) => {
    try {
        await aws.ec2.getVpcEndpointService({ service, serviceType: "Interface" });
        return "offered";
    } catch (error) {
        return /no matching/i.test(String((error as Error)?.message ?? error)) ? "not-offered" : "unknown";
    }
};

/**
 * Looks up the endpoints lab's interface services that the offline table does not know (the
 * known ones are taken as offered), and reports each one the Region does not offer, before any
 * resource is registered: AWS would refuse the endpoint only when `pulumi up` creates it.
 */
export async function interfaceServiceProblems(
    config: StackConfig,
    lookup: ServiceLookup = describeInterfaceService,
    warn: (message: string) => void = (message) => void pulumi.log.warn(message),
): Promise<Problem[]> {
    if (!config.labs.includes("endpoints")) {
        return [];
    }
    const problems: Problem[] = [];
    for (const [i, service] of config.endpoints.interfaceServices.entries()) {
        if (interfaceServiceKnowledge(service) !== "unknown") {
            continue;
        }
        const answer = await lookup(service);
        if (answer === "not-offered") {
            problems.push({
                key: qualified(`endpointsInterfaceServices[${i}]`),
                rule: `${config.region} offers no interface endpoint service com.amazonaws.${config.region}.${service}`,
                fix: `remove it, or use a service the Region offers (aws ec2 describe-vpc-endpoint-services --region ${config.region}; ${INTERFACE_SERVICES_SOURCE})`,
            });
        } else if (answer === "unknown") {
            warn(`endpointsInterfaceServices: whether ${config.region} offers ${service} could not be looked up; pulumi up will tell`);
        }
    }
    return problems;
}
