import { EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { endpointPolicyNotFullAccess } from "./rules/endpointPolicies";
import { endpointServiceAcceptanceRequired, endpointServiceLoadBalancer, endpointServiceNoPublicPrincipal } from "./rules/endpointServices";
import { flowLogAggregationInterval, flowLogGroupRetention, flowLogTrafficType, vpcHasFlowLog } from "./rules/flowLogs";
import { flowLogRolePermissions, flowLogRoleTrust } from "./rules/flowLogRole";
import { gatewayEndpointRouteTable, gatewayEndpointService, s3BucketLockedToGatewayEndpoint } from "./rules/gatewayEndpoints";
import { instanceImdsv2Required, privateSubnetInstanceNoPublicIp, userDataNoPasswords } from "./rules/instances";
import { labConnectivityIntents } from "./rules/labConnectivityIntents";
import {
    interfaceEndpointAvailabilityZones,
    interfaceEndpointIngressFromVpc,
    interfaceEndpointOwnSecurityGroup,
    interfaceEndpointPrivateDns,
} from "./rules/interfaceEndpoints";
import { defaultSecurityGroupClosed, securityGroupNoPublicAdminPorts } from "./rules/securityGroups";
import { stackHourlyCost } from "./rules/stackCost";
import { vpcCidrPrivate } from "./rules/vpcs";

/**
 * The pack as data: its name, its default enforcement level and its policies in the order
 * they run. `index.ts` hands these to `new PolicyPack(...)`; tests and tools import this
 * module instead, because constructing a PolicyPack starts the analyzer's gRPC server.
 */
export const PACK_NAME = "vpc-labs-policy";

export const PACK_DESCRIPTION =
    "Guardrails for the vpc-labs program: VPC endpoint and flow log rules, and the unsafe patterns of the original labs.";

/** Applies to a policy that declares no level of its own; every policy here declares one. */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

export type PackPolicy = ResourceValidationPolicy | StackValidationPolicy;

export const POLICIES: readonly PackPolicy[] = [
    // Endpoints
    gatewayEndpointService,
    gatewayEndpointRouteTable,
    interfaceEndpointOwnSecurityGroup,
    interfaceEndpointIngressFromVpc,
    interfaceEndpointPrivateDns,
    interfaceEndpointAvailabilityZones,
    endpointPolicyNotFullAccess,
    endpointServiceAcceptanceRequired,
    endpointServiceNoPublicPrincipal,
    endpointServiceLoadBalancer,
    s3BucketLockedToGatewayEndpoint,
    // Flow logs
    vpcHasFlowLog,
    flowLogTrafficType,
    flowLogAggregationInterval,
    flowLogGroupRetention,
    flowLogRolePermissions,
    flowLogRoleTrust,
    // Unsafe patterns of the original labs
    securityGroupNoPublicAdminPorts,
    instanceImdsv2Required,
    userDataNoPasswords,
    vpcCidrPrivate,
    defaultSecurityGroupClosed,
    privateSubnetInstanceNoPublicIp,
    // Budget
    stackHourlyCost,
    // What the labs teach
    labConnectivityIntents,
];
