import * as aws from "@pulumi/aws";
import { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { awsServiceShortName, endpointType } from "../lib/endpoints";
import { hasConditionKey, policyStatements, Statement } from "../../analysis/stack/iamDocuments";
import { isUnknown, knowableList, knownString } from "../../analysis/stack/knowable";
import { readConfig, validateKnowableResourceOfType, validateStackIndex } from "../lib/ruleKit";
import { NodeOf, StackIndex } from "../../analysis/stack/stackIndex";

const gatewayServicesSchema: PolicyConfigSchema = {
    properties: {
        services: {
            type: "array",
            items: { type: "string", minLength: 1 },
            minItems: 1,
            uniqueItems: true,
            default: ["s3", "dynamodb"],
            description: "Short names of the services that have gateway endpoints (s3express may be added).",
        },
    },
};

export const gatewayEndpointService: ResourceValidationPolicy = {
    name: "gateway-endpoint-service",
    description: "Checks that gateway VPC endpoints are only for services that have them (s3 and dynamodb).",
    enforcementLevel: "mandatory",
    configSchema: gatewayServicesSchema,
    validateResource: validateKnowableResourceOfType(aws.ec2.VpcEndpoint, (endpoint, args, reportViolation) => {
        const serviceName = knownString(endpoint.serviceName);
        if (endpointType(endpoint.vpcEndpointType) !== "Gateway" || serviceName === undefined) {
            return;
        }
        const { services } = readConfig<{ services: string[] }>(args, gatewayServicesSchema);
        const service = awsServiceShortName(serviceName);
        if (service === undefined || !services.includes(service)) {
            reportViolation(
                `VPC endpoint "${args.name}" must be a Gateway endpoint only for ${services.join(" or ")}; it is a Gateway endpoint for ${serviceName}: make it an Interface endpoint.`,
            );
        }
    }),
};

export const gatewayEndpointRouteTable: StackValidationPolicy = {
    name: "gateway-endpoint-route-table",
    description: "Checks that every gateway VPC endpoint is on at least one route table, inline or through an association.",
    enforcementLevel: "mandatory",
    validateStack: validateStackIndex((index, _args, reportViolation) => {
        for (const endpoint of gatewayEndpoints(index)) {
            const routeTableIds = knowableList(endpoint.props.routeTableIds);
            if (isUnknown(routeTableIds) || routeTableIds.length > 0) {
                continue;
            }
            if (index.referrersOf(endpoint, [aws.ec2.VpcEndpointRouteTableAssociation], "vpcEndpointId").length > 0) {
                continue;
            }
            reportViolation(
                `Gateway endpoint "${endpoint.name}" must be on at least one route table; it is on none: set routeTableIds or add an aws.ec2.VpcEndpointRouteTableAssociation.`,
                endpoint.urn,
            );
        }
    }),
};

/**
 * The tag that pairs a bucket with the stack's S3 gateway endpoint when the two are not
 * children of the same component.
 */
export const LOCKED_TO_GATEWAY_ENDPOINT_TAG = "vpc-labs:locked-to-gateway-endpoint";

export const s3BucketLockedToGatewayEndpoint: StackValidationPolicy = {
    name: "s3-bucket-locked-to-gateway-endpoint",
    description:
        "Checks that an S3 bucket paired with an S3 gateway endpoint (same parent component, or tagged " +
        `${LOCKED_TO_GATEWAY_ENDPOINT_TAG}=true) has a bucket policy that uses aws:SourceVpce.`,
    enforcementLevel: "advisory",
    validateStack: validateStackIndex((index, _args, reportViolation) => {
        const s3Endpoints = gatewayEndpoints(index).filter((endpoint) => {
            const serviceName = knownString(endpoint.props.serviceName);
            return serviceName !== undefined && awsServiceShortName(serviceName) === "s3";
        });
        for (const bucket of index.ofType(aws.s3.Bucket, aws.s3.BucketV2)) {
            const sibling = s3Endpoints.find((endpoint) => endpoint.parent !== undefined && endpoint.parent === bucket.parent);
            const pairing = sibling ? `paired with S3 gateway endpoint "${sibling.name}"` : isTaggedLocked(bucket) ? `tagged ${LOCKED_TO_GATEWAY_ENDPOINT_TAG}` : undefined;
            if (pairing === undefined) {
                continue;
            }
            const documents = [bucket.props.policy, ...index.referrersOf(bucket, [aws.s3.BucketPolicy], "bucket", ["id", "bucket"]).map((p) => p.props.policy)]
                .filter((document) => document !== undefined)
                .map(policyStatements);
            if (documents.some(isUnknown)) {
                continue;
            }
            const statements = documents.filter((d): d is Statement[] => d !== undefined).flat();
            if (statements.some((statement) => hasConditionKey(statement, "aws:SourceVpce"))) {
                continue;
            }
            const finding = statements.length === 0 ? "it has no bucket policy" : "its bucket policy does not use aws:SourceVpce";
            reportViolation(
                `Bucket "${bucket.name}" (${pairing}) must have a bucket policy that uses aws:SourceVpce; ${finding}: ` +
                    "add a statement that denies s3:* on the bucket and its objects unless aws:SourceVpce is the endpoint's ID.",
                bucket.urn,
            );
        }
    }),
};

/** The tag on the bucket itself, or among `tagsAll` when it comes from the provider's default tags. */
function isTaggedLocked(bucket: NodeOf<aws.s3.Bucket>): boolean {
    return [bucket.props.tags, bucket.props.tagsAll].some(
        (tags) => tags !== null && typeof tags === "object" && (tags as Record<string, unknown>)[LOCKED_TO_GATEWAY_ENDPOINT_TAG] === "true",
    );
}

function gatewayEndpoints(index: StackIndex): NodeOf<aws.ec2.VpcEndpoint>[] {
    return index.ofType(aws.ec2.VpcEndpoint).filter((endpoint) => endpointType(endpoint.props.vpcEndpointType) === "Gateway");
}
