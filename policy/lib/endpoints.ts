import { isUnknown, Unknown, UNKNOWN } from "../../analysis/stack/knowable";

/**
 * The endpoint type AWS applies: `vpcEndpointType` defaults to Gateway when it is not set.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html
 */
export function endpointType(vpcEndpointType: unknown): string | Unknown {
    if (isUnknown(vpcEndpointType)) {
        return UNKNOWN;
    }
    return typeof vpcEndpointType === "string" ? vpcEndpointType : "Gateway";
}

const ENDPOINT_SERVICE_NAME = /^(?:cn\.)?com\.amazonaws\.vpce\./;
const AWS_SERVICE_NAME = /^(?:cn\.)?com\.amazonaws\.[a-z]{2}(?:-[a-z]+)+-\d+\.(.+)$/;

/** True for `com.amazonaws.vpce.<region>.vpce-svc-...`: a PrivateLink endpoint service, not an AWS service. */
export function isEndpointServiceName(serviceName: string): boolean {
    return ENDPOINT_SERVICE_NAME.test(serviceName);
}

/** `s3` for `com.amazonaws.ap-northeast-2.s3`, `ecr.api` for `...ecr.api`; undefined for other names. */
export function awsServiceShortName(serviceName: string): string | undefined {
    if (isEndpointServiceName(serviceName)) {
        return undefined;
    }
    return AWS_SERVICE_NAME.exec(serviceName)?.[1];
}
