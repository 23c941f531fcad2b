import { PrivateInstanceAccess, SubnetTier } from "../../../config/stackConfig";
import { GatewayService, awsServiceHostname } from "../../../lib/services";

/** One check of the lab: where to run what, and what a working lab answers. */
export interface VerificationStep {
    /** Short stable name of the check. */
    readonly check: string;
    /** Where to run the command: an instance (through the access command) or your own shell. */
    readonly runOn: string;
    readonly command: string;
    readonly expected: string;
}

/** The deployed lab as the checks need it, every value resolved. */
export interface VerificationFacts {
    readonly region: string;
    readonly bucketName: string;
    /** Principals exempt from the bucket-level lock: the deploying principal first. */
    readonly bucketManagers: readonly string[];
    readonly publicInstanceId: string;
    readonly privateInstanceId: string;
    readonly privateInstanceAccess: PrivateInstanceAccess;
    readonly instanceConnectEndpointId?: string;
    /** Route table IDs by tier. */
    readonly routeTables: readonly { readonly tier: SubnetTier; readonly id: string }[];
    /** The tiers whose route tables carry the gateway endpoints. */
    readonly gatewayTiers: readonly SubnetTier[];
    readonly gatewayEndpoints: readonly { readonly service: GatewayService; readonly endpointId: string; readonly prefixListId: string }[];
    readonly interfaceEndpoints: readonly { readonly service: string; readonly endpointId: string; readonly dnsNames: readonly string[] }[];
    /** CIDRs of the subnets the interface endpoints have their ENIs in, in zone order. */
    readonly interfaceSubnetCidrs: readonly string[];
}

const PUBLIC = "CloudNeta-Public-EC2";
const PRIVATE = "CloudNeta-Private-EC2";
const EITHER = `${PUBLIC} or ${PRIVATE}`;
const SHELL = "your own shell, outside the VPC (AWS CLI v2)";

/**
 * The lab's checks in the order a student runs them: the book's (gateway routes, S3 from the
 * private instance, interface endpoint DNS), the bucket lock from inside and outside, and how
 * to get onto each instance. Pure, so tests compare the commands and expectations whole.
 */
export function verificationSteps(facts: VerificationFacts): VerificationStep[] {
    const r = facts.region;
    const bucket = `s3://${facts.bucketName}`;
    const gatewayTables = facts.routeTables.filter((t) => facts.gatewayTiers.includes(t.tier));
    // What the query below prints: one line per table and gateway endpoint, the prefix list
    // (the route's destination) and the endpoint (its target), tab-separated.
    const routeLines = gatewayTables.flatMap(() => facts.gatewayEndpoints.map((g) => `${g.prefixListId}\t${g.endpointId}`));
    const publicUsesGateway = facts.gatewayTiers.includes("public");
    const steps: VerificationStep[] = [
        {
            check: "session-manager-public",
            runOn: SHELL,
            command: `aws ssm start-session --region ${r} --target ${facts.publicInstanceId}`,
            expected: `"Starting session with SessionId: ..." and a shell on ${PUBLIC}; \`whoami\` prints ssm-user (Session Manager over the internet gateway)`,
        },
        facts.privateInstanceAccess === "session-manager"
            ? {
                  check: "session-manager-private",
                  runOn: SHELL,
                  command: `aws ssm start-session --region ${r} --target ${facts.privateInstanceId}`,
                  expected: `a shell on ${PRIVATE} as ssm-user, with no internet route: Session Manager runs over the ssm and ssmmessages interface endpoints`,
              }
            : {
                  check: "instance-connect-private",
                  runOn: SHELL,
                  command: `aws ec2-instance-connect ssh --region ${r} --instance-id ${facts.privateInstanceId} --connection-type eice --os-user ec2-user`,
                  expected: `a shell on ${PRIVATE} as ec2-user, tunnelled through the EC2 Instance Connect Endpoint ${facts.instanceConnectEndpointId} (no key pair: the CLI pushes a one-time key)`,
              },
        {
            check: "gateway-routes",
            runOn: SHELL,
            command:
                `aws ec2 describe-route-tables --region ${r} --route-table-ids ${gatewayTables.map((t) => t.id).join(" ")} ` +
                `--query "RouteTables[].Routes[?DestinationPrefixListId].[DestinationPrefixListId,GatewayId][]" --output text`,
            expected: `${routeLines.length} lines in any order, one per route table (${gatewayTables.map((t) => t.tier).join(", ")}) and gateway endpoint (${facts.gatewayEndpoints.map((g) => g.service).join(", ")}): the prefix list -> the endpoint\n${routeLines.join("\n")}`,
        },
        {
            check: "s3-ping-private",
            runOn: PRIVATE,
            command: `ping -c 3 ${awsServiceHostname(r, "s3")}`,
            expected: "3 packets transmitted, 3 received: S3 answers with no internet route, through the S3 gateway endpoint",
        },
        {
            check: "s3-bucket-private",
            runOn: PRIVATE,
            command: `echo hello | aws s3 cp - ${bucket}/hello.txt --region ${r} && aws s3 ls ${bucket} --region ${r}`,
            expected: `"upload: - to ${bucket}/hello.txt", then a listing line ending in hello.txt: the request carries aws:SourceVpce of the S3 gateway endpoint`,
        },
        {
            check: "s3-bucket-public",
            runOn: PUBLIC,
            command: `aws s3 ls ${bucket} --region ${r}`,
            expected: publicUsesGateway
                ? "the listing with hello.txt: the public route table sends S3 traffic through the gateway endpoint too"
                : "An error occurred (AccessDenied) when calling the ListObjectsV2 operation: the public subnet reaches S3 over the internet gateway, so the request has no aws:SourceVpce",
        },
        {
            check: "s3-object-outside",
            runOn: SHELL,
            command: `aws s3 cp ${bucket}/hello.txt - --region ${r}`,
            expected: "An error occurred (AccessDenied) when calling the GetObject operation ... with an explicit deny in a resource-based policy: objects are readable through the endpoint only, for every principal",
        },
        {
            check: "s3-bucket-outside",
            runOn: SHELL,
            command: `aws s3 ls ${bucket} --region ${r}`,
            expected:
                "An error occurred (AccessDenied) when calling the ListObjectsV2 operation, for every principal except the bucket managers " +
                `(${facts.bucketManagers.join(", ")}), who keep bucket-level access so the stack can manage and destroy the bucket`,
        },
    ];
    for (const endpoint of facts.interfaceEndpoints) {
        steps.push({
            check: `interface-dns-${endpoint.service}`,
            runOn: EITHER,
            command: `dig +short ${awsServiceHostname(r, endpoint.service)} ${endpoint.dnsNames[0] ?? ""}`.trimEnd(),
            expected:
                `for each name, the private IPs of the endpoint ${endpoint.endpointId}, one in each of ${facts.interfaceSubnetCidrs.join(" and ")}; ` +
                "from your own shell the first name resolves to public IPs",
        });
    }
    if (facts.gatewayEndpoints.some((g) => g.service === "dynamodb")) {
        steps.push({
            check: "dynamodb-private",
            runOn: PRIVATE,
            command: `aws dynamodb list-tables --region ${r}`,
            expected: '{"TableNames": [...]} (the account\'s tables in the region): DynamoDB answers with no internet route, through its gateway endpoint',
        });
    }
    return steps;
}
