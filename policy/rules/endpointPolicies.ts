import * as aws from "@pulumi/aws";
import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { endpointType, isEndpointServiceName } from "../lib/endpoints";
import { policyStatements, Statement } from "../../analysis/stack/iamDocuments";
import { isUnknown, knownString } from "../../analysis/stack/knowable";
import { readConfig, validateKnowableResourceOfType } from "../lib/ruleKit";

const endpointPolicySchema: PolicyConfigSchema = {
    properties: {
        endpointTypesRequiringPolicy: {
            type: "array",
            items: { type: "string", enum: ["Gateway", "Interface"] },
            uniqueItems: true,
            default: ["Gateway"],
            description: "Endpoint types that must set a policy: without one, AWS applies its full-access default policy.",
        },
    },
};

export const endpointPolicyNotFullAccess: ResourceValidationPolicy = {
    name: "endpoint-policy-not-full-access",
    description: "Checks that VPC endpoint policies are scoped: no statement allows every action on every resource to every principal.",
    enforcementLevel: "advisory",
    configSchema: endpointPolicySchema,
    validateResource: validateKnowableResourceOfType(aws.ec2.VpcEndpoint, (endpoint, args, reportViolation) => {
        const type = endpointType(endpoint.vpcEndpointType);
        const statements = policyStatements(endpoint.policy);
        if (isUnknown(type) || isUnknown(statements)) {
            return;
        }
        if (statements === undefined) {
            const { endpointTypesRequiringPolicy } = readConfig<{ endpointTypesRequiringPolicy: string[] }>(args, endpointPolicySchema);
            const serviceName = knownString(endpoint.serviceName);
            // Endpoints to PrivateLink endpoint services do not take endpoint policies.
            if (endpointTypesRequiringPolicy.includes(type) && serviceName !== undefined && !isEndpointServiceName(serviceName)) {
                reportViolation(
                    `VPC endpoint "${args.name}" must have a scoped endpoint policy; it has none, so AWS applies the full-access default: ` +
                        "set policy to allow only the principals, actions and resources the lab needs.",
                );
            }
            return;
        }
        statements.forEach((statement, i) => {
            if (grantsFullAccess(statement)) {
                reportViolation(
                    `VPC endpoint "${args.name}" must not have a full-access endpoint policy; statement ${i + 1} allows every action on every resource to every principal: ` +
                        "narrow its principal, actions or resources, or add a condition.",
                );
            }
        });
    }),
};

function grantsFullAccess(statement: Statement): boolean {
    return (
        statement.effect === "Allow" &&
        statement.principals.some((principal) => principal.value === "*") &&
        statement.actions.includes("*") &&
        statement.resources.includes("*") &&
        Object.keys(statement.conditions).length === 0
    );
}
