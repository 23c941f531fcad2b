/**
 * AWS service names for VPC endpoints, resolved in one place.
 */

/** Services that offer gateway endpoints: route-table targets, free, no security group. */
export const GATEWAY_SERVICES = ["s3", "dynamodb"] as const;
export type GatewayService = (typeof GATEWAY_SERVICES)[number];

/** The endpoint service name of an AWS service in a region: `com.amazonaws.<region>.<service>`. */
export function awsServiceName(region: string, service: string): string {
    return `com.amazonaws.${region}.${service}`;
}

/** The public DNS name the service's API answers on, which private DNS points at the endpoint. */
export function awsServiceHostname(region: string, service: string): string {
    return `${service}.${region}.amazonaws.com`;
}
