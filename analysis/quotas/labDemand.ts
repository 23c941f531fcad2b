import { bastionIngress, privateIngress, publicIngress, ssmEndpointIngress } from "../../labs/bastionSsm/securityGroups";
import { SSM_ENDPOINT_SERVICES, WORKLOADS } from "../../labs/bastionSsm/names";
import { interfaceServicesOf } from "../../labs/endpoints/interfaceServices";
import { instanceConnectRules, privateInstanceRules, publicInstanceRules } from "../../labs/endpoints/securityGroups";
import { NetworkSlotKey } from "../../config/keys";
import { StackConfig } from "../../config/stackConfig";
import { SecurityGroupRuleSpec } from "../../labs/securityGroupRules";

/** One security group and how many rules it holds each way. */
export interface SecurityGroupDemand {
    /** The group's Name tag. */
    readonly name: string;
    readonly inbound: number;
    readonly outbound: number;
}

/** What a lab puts in its VPCs and runs, besides the networks themselves. */
export interface LabResourceDemand {
    readonly vpcs: Partial<Record<NetworkSlotKey, { readonly interfaceEndpoints: number; readonly securityGroups: readonly SecurityGroupDemand[] }>>;
    readonly instances: number;
}

/** A LabSecurityGroup without explicit egress gets the one allow-all rule AWS gives a new group. */
const DEFAULT_EGRESS = 1;
/** Rule lists are counted only; the peers they would point at do not matter here. */
const ANY = "0.0.0.0/32";

function group(name: string, ingress: readonly SecurityGroupRuleSpec[], egress: readonly SecurityGroupRuleSpec[] | undefined): SecurityGroupDemand {
    return { name, inbound: ingress.length, outbound: egress === undefined ? DEFAULT_EGRESS : egress.length };
}

/** An interface endpoint's own group: the service port from the VPC in, nothing out. */
function endpointGroup(name: string): SecurityGroupDemand {
    return { name, inbound: 1, outbound: 0 };
}

/**
 * The security groups, interface endpoints and instances each lab builds, with the rule lists
 * taken from the same functions the lab components call.
 */
export function labResourceDemand(lab: string, config: StackConfig): LabResourceDemand {
    switch (lab) {
        case "endpoints": {
            const lab = config.endpoints;
            const services = interfaceServicesOf(lab);
            const eic = lab.privateInstanceAccess === "instance-connect";
            const gateways = lab.gatewayServices.map((service) => ({ service, prefixListId: ANY }));
            const privateRules = privateInstanceRules(ANY, gateways, lab.privateInstanceAccess, eic ? "sg" : undefined);
            const publicRules = publicInstanceRules(ANY);
            return {
                vpcs: {
                    endpoints: {
                        interfaceEndpoints: services.length,
                        securityGroups: [
                            ...services.map(({ service }) => endpointGroup(`${service} endpoint`)),
                            ...(eic ? [group("instance connect endpoint", [], instanceConnectRules(ANY).egress)] : []),
                            group("public instance", publicRules.ingress, publicRules.egress),
                            group("private instance", privateRules.ingress, privateRules.egress),
                        ],
                    },
                },
                instances: 2,
            };
        }
        case "endpoint-service":
            return {
                vpcs: {
                    // My-EC2's group: no inbound, HTTPS and HTTP out; the endpoint's own group.
                    endpointServiceConsumer: { interfaceEndpoints: 1, securityGroups: [{ name: "client", inbound: 0, outbound: 2 }, endpointGroup("endpoint")] },
                    // The web servers' group: the web port from the VPC in, nothing out.
                    endpointServiceProvider: { interfaceEndpoints: 0, securityGroups: [{ name: "web servers", inbound: 1, outbound: 0 }] },
                },
                instances: 3,
            };
        case "bastion-ssm": {
            const operator = config.bastionSsm.operatorCidr;
            return {
                vpcs: {
                    bastionSsm: {
                        interfaceEndpoints: SSM_ENDPOINT_SERVICES.length,
                        securityGroups: [
                            group("ssm endpoints", ssmEndpointIngress(ANY), []),
                            ...(operator === undefined ? [] : [group("bastion", bastionIngress(operator), undefined)]),
                            group("public instances", publicIngress(ANY, operator), undefined),
                            group("private instances", privateIngress(ANY, operator === undefined ? undefined : "sg"), undefined),
                        ],
                    },
                },
                instances: WORKLOADS.length + (operator === undefined ? 0 : 1),
            };
        }
        default:
            return { vpcs: {}, instances: 0 };
    }
}
