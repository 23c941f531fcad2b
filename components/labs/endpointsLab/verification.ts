import { PrivateInstanceAccess, SubnetTier } from "../../../config/stackConfig";
import { GatewayService, awsServiceHostname } from "../../../lib/services";
import { ConnectivityProbe, LabCheck } from "../../../labs/labCheck";
import { finalStage } from "../../../config/stages";
import { ENDPOINTS_NAMES } from "./network";

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

const PUBLIC = ENDPOINTS_NAMES.publicInstance;
const PRIVATE = ENDPOINTS_NAMES.privateInstance;
/** Session Manager's agent registers a minute or two after the instance boots. */
const AGENT_WAIT_SECONDS = 120;
const EITHER = `${PUBLIC} or ${PRIVATE}`;
const SHELL = "your own shell, outside the VPC (AWS CLI v2)";

/**
 * The lab's checks in the order a student runs them: the book's (gateway routes, S3 from the
 * private instance, interface endpoint DNS), the bucket lock from inside and outside, and how
 * to get onto each instance. Each connectivity check carries the probe the offline
 * reachability analysis answers; its expected outcome follows from the same facts as the
 * text (with the gateway endpoints on the public route table only, the private instance is
 * not promised S3). Pure, so tests compare the commands and expectations whole.
 */
export function verificationSteps(facts: VerificationFacts): LabCheck[] {
    const r = facts.region;
    const bucket = `s3://${facts.bucketName}`;
    const gatewayTables = facts.routeTables.filter((t) => facts.gatewayTiers.includes(t.tier));
    // What the query below prints: one line per table and gateway endpoint, the prefix list
    // (the route's destination) and the endpoint (its target), tab-separated.
    const routeLines = gatewayTables.flatMap(() => facts.gatewayEndpoints.map((g) => `${g.prefixListId}\t${g.endpointId}`));
    const publicUsesGateway = facts.gatewayTiers.includes("public");
    const privateUsesGateway = facts.gatewayTiers.includes("private");
    const noGatewayRoute = "a timeout: CloudNeta-Private-RT carries no gateway endpoint route (endpointsGatewayRouteTables does not list private) and the private subnet has no internet route";
    const check = (id: string, where: string, command: string, expected: string, extra: Partial<Omit<LabCheck, "id" | "lab" | "stage">> = {}): LabCheck => ({
        id,
        lab: "endpoints",
        stage: finalStage("endpoints"),
        where,
        command,
        expected,
        ...extra,
    });
    const probe = (from: string, to: string, protocol: ConnectivityProbe["protocol"], port: number | undefined, expectReachable: boolean): ConnectivityProbe => ({
        from,
        to,
        protocol,
        ...(port !== undefined ? { port } : {}),
        expectReachable,
    });
    const ssmmessages = awsServiceHostname(r, "ssmmessages");
    const steps: LabCheck[] = [
        check("session-manager-public", SHELL, `aws ssm start-session --region ${r} --target ${facts.publicInstanceId}`, `"Starting session with SessionId: ..." and a shell on ${PUBLIC}; \`whoami\` prints ssm-user (${
                facts.interfaceEndpoints.some((e) => e.service === "ssmmessages")
                    ? "Session Manager over the ssmmessages interface endpoint: its private DNS answers for the whole VPC, public subnet included"
                    : "Session Manager over the internet gateway"
            })`, {
            waitSeconds: AGENT_WAIT_SECONDS,
            hint: "TargetNotConnected right after pulumi up: the SSM agent registers within a few minutes of boot; wait and retry",
            probe: probe(PUBLIC, ssmmessages, "tcp", 443, true),
        }),
        facts.privateInstanceAccess === "session-manager"
            ? check("session-manager-private", SHELL, `aws ssm start-session --region ${r} --target ${facts.privateInstanceId}`, `a shell on ${PRIVATE} as ssm-user, with no internet route: Session Manager runs over the ssm and ssmmessages interface endpoints`, {
                  waitSeconds: AGENT_WAIT_SECONDS,
                  hint: "TargetNotConnected: check that the ssm and ssmmessages endpoints are available and that private DNS is on for them",
                  probe: probe(PRIVATE, ssmmessages, "tcp", 443, true),
              })
            : check("instance-connect-private", SHELL, `aws ec2-instance-connect ssh --region ${r} --instance-id ${facts.privateInstanceId} --connection-type eice --os-user ec2-user`, `a shell on ${PRIVATE} as ec2-user, tunnelled through the EC2 Instance Connect Endpoint ${facts.instanceConnectEndpointId} (no key pair: the CLI pushes a one-time key)`, {
                  waitSeconds: 180,
                  hint: "An EC2 Instance Connect Endpoint takes a few minutes to become create-complete; a timeout before that is expected",
                  probe: probe(ENDPOINTS_NAMES.instanceConnectEndpoint, PRIVATE, "tcp", 22, true),
              }),
        check(
            "gateway-routes",
            SHELL,
            `aws ec2 describe-route-tables --region ${r} --route-table-ids ${gatewayTables.map((t) => t.id).join(" ")} ` +
                `--query "RouteTables[].Routes[?DestinationPrefixListId].[DestinationPrefixListId,GatewayId][]" --output text`,
            `${routeLines.length} lines in any order, one per route table (${gatewayTables.map((t) => t.tier).join(", ")}) and gateway endpoint (${facts.gatewayEndpoints.map((g) => g.service).join(", ")}): the prefix list -> the endpoint\n${routeLines.join("\n")}`,
        ),
        check("s3-ping-private", PRIVATE, `ping -c 3 ${awsServiceHostname(r, "s3")}`, privateUsesGateway ? "3 packets transmitted, 3 received: S3 answers with no internet route, through the S3 gateway endpoint" : `100% packet loss: ${noGatewayRoute}`, {
            probe: probe(PRIVATE, awsServiceHostname(r, "s3"), "icmp", undefined, privateUsesGateway),
        }),
        check(
            "s3-bucket-private",
            PRIVATE,
            `echo hello | aws s3 cp - ${bucket}/hello.txt --region ${r} && aws s3 ls ${bucket} --region ${r}`,
            privateUsesGateway ? `"upload: - to ${bucket}/hello.txt", then a listing line ending in hello.txt: the request carries aws:SourceVpce of the S3 gateway endpoint` : `the upload hangs, then fails: ${noGatewayRoute}`,
            {
                hint: "AccessDenied instead: the request did not come through the gateway endpoint; check the private route table's pl-... route",
                probe: probe(PRIVATE, bucket, "tcp", 443, privateUsesGateway),
            },
        ),
        check(
            "s3-bucket-public",
            PUBLIC,
            `aws s3 ls ${bucket} --region ${r}`,
            publicUsesGateway
                ? "the listing with hello.txt: the public route table sends S3 traffic through the gateway endpoint too"
                : "An error occurred (AccessDenied) when calling the ListObjectsV2 operation: the public subnet reaches S3 over the internet gateway, so the request has no aws:SourceVpce",
            { probe: probe(PUBLIC, bucket, "tcp", 443, publicUsesGateway) },
        ),
        check("s3-object-outside", SHELL, `aws s3 cp ${bucket}/hello.txt - --region ${r}`, "An error occurred (AccessDenied) when calling the GetObject operation ... with an explicit deny in a resource-based policy: objects are readable through the endpoint only, for every principal", {
            probe: probe("internet", bucket, "tcp", 443, false),
        }),
        check(
            "s3-bucket-outside",
            SHELL,
            `aws s3 ls ${bucket} --region ${r}`,
            "An error occurred (AccessDenied) when calling the ListObjectsV2 operation, for every principal except the bucket managers " +
                `(${facts.bucketManagers.join(", ")}), who keep bucket-level access so the stack can manage and destroy the bucket`,
            { note: "Who may list depends on the caller (bucket managers are exempt), so this is an authorisation check, not a connectivity probe" },
        ),
    ];
    for (const endpoint of facts.interfaceEndpoints) {
        steps.push(
            check(
                `interface-dns-${endpoint.service}`,
                EITHER,
                `dig +short ${awsServiceHostname(r, endpoint.service)} ${endpoint.dnsNames[0] ?? ""}`.trimEnd(),
                `for each name, the private IPs of the endpoint ${endpoint.endpointId}, one in each of ${facts.interfaceSubnetCidrs.join(" and ")}; ` +
                    "from your own shell the first name resolves to public IPs",
                {
                    waitSeconds: 60,
                    hint: "Public IPs inside the VPC: private DNS is not active yet (the endpoint is still pending) or the VPC's DNS hostnames are off",
                    probe: probe(PRIVATE, awsServiceHostname(r, endpoint.service), "tcp", 443, true),
                },
            ),
        );
    }
    if (facts.gatewayEndpoints.some((g) => g.service === "dynamodb")) {
        steps.push(
            check("dynamodb-private", PRIVATE, `aws dynamodb list-tables --region ${r}`, privateUsesGateway ? '{"TableNames": [...]} (the account\'s tables in the region): DynamoDB answers with no internet route, through its gateway endpoint' : `the call hangs, then fails: ${noGatewayRoute.replace("a timeout: ", "")}`, {
                probe: probe(PRIVATE, awsServiceHostname(r, "dynamodb"), "tcp", 443, privateUsesGateway),
            }),
        );
    }
    return steps;
}
