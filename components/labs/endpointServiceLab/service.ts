import { AwsContext } from "../../../config/load";
import { EndpointServiceLabConfig } from "../../../config/stackConfig";

/** The deploying account as an IAM principal: `arn:<partition>:iam::<account>:root`. */
export function accountRootArn(aws: AwsContext): string {
    return `arn:${aws.partition}:iam::${aws.accountId}:root`;
}

/**
 * Who may connect an endpoint to Custom-EPS: the configured principals, or the deploying
 * account when none are configured. Never `*` (the validator refuses it): with `*` any AWS
 * account could ask for a connection, and acceptance would be the only gate left.
 */
export function allowedPrincipalsOf(config: EndpointServiceLabConfig, aws: AwsContext): string[] {
    return config.allowedPrincipals.length > 0 ? [...config.allowedPrincipals] : [accountRootArn(aws)];
}

/**
 * Custom-NLB-TG's health check. HTTP `/` rather than the original's default TCP check: a
 * target is only healthy when the page is actually served, not merely when the port is open.
 * Ten-second checks with three in a row make a fresh server healthy about 30 s after boot.
 */
export const WEB_HEALTH_CHECK = {
    enabled: true,
    protocol: "HTTP",
    port: "traffic-port",
    path: "/",
    matcher: "200",
    interval: 10,
    timeout: 5,
    healthyThreshold: 3,
    unhealthyThreshold: 3,
} as const;

/**
 * Seconds the NLB keeps draining a deregistered target. The AWS default is 300; the lab's
 * page answers in milliseconds, and a short delay keeps `pulumi destroy` quick.
 */
export const DEREGISTRATION_DELAY_SECONDS = 30;
