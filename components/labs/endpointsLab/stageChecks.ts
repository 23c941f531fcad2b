import { awsServiceHostname } from "../../../lib/services";
import { LabCheck } from "../../../labs/labCheck";
import { StageOf } from "../../../config/stages";
import { VerificationFacts } from "./verification";

/** What the checks of the earlier stages name, resolved: the verification facts plus the VPC. */
export interface EndpointsStageFacts extends VerificationFacts {
    readonly vpcId: string;
    /** CloudNeta-VPC's DNS hostnames attribute as built at this stage. */
    readonly dnsHostnames: boolean;
    /** The lab's subnet CIDRs, to tell private answers from public ones. */
    readonly subnetCidrs: readonly string[];
    /** `endpointsInterfaceServices`: the services the interface stage adds (cloudformation in the book). */
    readonly configuredInterfaceServices: readonly string[];
}

const PUBLIC = "CloudNeta-Public-EC2";
const PRIVATE = "CloudNeta-Private-EC2";
const PING = "ping -c 3 -W 2";

/**
 * The checks of the stages before the final one, the "before" half of the book's lessons:
 * S3 unreachable from the private instance until the gateway endpoint is on its route table,
 * and `dig` of the CloudFormation name answering public addresses until the interface
 * endpoint exists. Each check's expected result says what the stage changed.
 */
export function endpointsStageChecks(stage: Exclude<StageOf<"endpoints">, "interface">, facts: EndpointsStageFacts): LabCheck[] {
    return stage === "network" ? networkStageChecks(facts) : gatewayStageChecks(facts);
}

function base(facts: EndpointsStageFacts, stage: StageOf<"endpoints">) {
    const r = facts.region;
    const shell = { en: "your own shell (AWS CLI v2)", ko: "내 PC의 터미널 (AWS CLI v2)" };
    const access = accessCheck(facts, stage);
    return { r, shell, access };
}

/** How to get a shell on the private instance at this stage; the later checks run there. */
function accessCheck(facts: EndpointsStageFacts, stage: StageOf<"endpoints">): LabCheck {
    const r = facts.region;
    return facts.privateInstanceAccess === "session-manager"
        ? {
              id: `${stage}-session-private`,
              lab: "endpoints",
              stage,
              where: "your own shell (AWS CLI v2 with the Session Manager plugin)",
              command: `aws ssm start-session --region ${r} --target ${facts.privateInstanceId}`,
              expected: `a shell on ${PRIVATE} as ssm-user: Session Manager runs over the ssm and ssmmessages interface endpoints, which exist at every stage because the instance has no other way in`,
              hint: "TargetNotConnected right after pulumi up: the agent registers within a few minutes of first boot; wait and retry",
              waitSeconds: 120,
              ko: {
                  where: "내 PC의 터미널 (AWS CLI v2와 Session Manager 플러그인)",
                  expected: `${PRIVATE}에 ssm-user로 셸이 열린다. 이 인스턴스는 다른 접속 경로가 없으므로 Session Manager용 ssm, ssmmessages 인터페이스 엔드포인트는 모든 단계에 있다`,
                  hint: "pulumi up 직후 TargetNotConnected가 나오면 에이전트가 첫 부팅 후 등록되는 몇 분을 기다린 뒤 다시 시도한다",
              },
          }
        : {
              id: `${stage}-instance-connect-private`,
              lab: "endpoints",
              stage,
              where: "your own shell (AWS CLI v2)",
              command: `aws ec2-instance-connect ssh --region ${r} --instance-id ${facts.privateInstanceId} --connection-type eice --os-user ec2-user`,
              expected: `a shell on ${PRIVATE} as ec2-user through the EC2 Instance Connect Endpoint ${facts.instanceConnectEndpointId}`,
              hint: "a timeout: the EC2 Instance Connect Endpoint takes a few minutes to become create-complete after pulumi up; wait and retry",
              waitSeconds: 180,
              ko: {
                  where: "내 PC의 터미널 (AWS CLI v2)",
                  expected: `EC2 Instance Connect 엔드포인트 ${facts.instanceConnectEndpointId}를 거쳐 ${PRIVATE}에 ec2-user로 셸이 열린다`,
                  hint: "시간 초과가 나오면 EC2 Instance Connect 엔드포인트가 생성 완료될 때까지 몇 분 기다린 뒤 다시 시도한다",
              },
          };
}

function routeQuery(facts: EndpointsStageFacts): string {
    const tables = facts.routeTables.filter((t) => facts.gatewayTiers.includes(t.tier)).map((t) => t.id);
    return (
        `aws ec2 describe-route-tables --region ${facts.region} --route-table-ids ${tables.join(" ")} ` +
        `--query "RouteTables[].Routes[?DestinationPrefixListId].[DestinationPrefixListId,GatewayId][]" --output text`
    );
}

function networkStageChecks(facts: EndpointsStageFacts): LabCheck[] {
    const stage = "network";
    const { r, shell, access } = base(facts, stage);
    const s3 = awsServiceHostname(r, "s3");
    const hostnamesWhy = facts.dnsHostnames
        ? {
              en: "true: on already, unlike lab09-1's template, because Session Manager's ssm/ssmmessages endpoints use private DNS, which needs DNS hostnames",
              ko: "true: lab09-1 템플릿과 달리 이미 켜져 있다. Session Manager용 ssm/ssmmessages 엔드포인트가 프라이빗 DNS를 쓰고, 프라이빗 DNS에는 DNS 호스트 이름이 필요하기 때문이다",
          }
        : {
              en: "false: off, as lab09-1's template had it; the interface stage turns it on, because private DNS needs it",
              ko: "false: lab09-1 템플릿과 같이 꺼져 있다. 프라이빗 DNS에 필요하므로 interface 단계에서 켜진다",
          };
    return [
        {
            id: "network-dns-hostnames",
            lab: "endpoints",
            stage,
            where: shell.en,
            command: `aws ec2 describe-vpc-attribute --region ${r} --vpc-id ${facts.vpcId} --attribute enableDnsHostnames --query EnableDnsHostnames.Value`,
            expected: hostnamesWhy.en,
            hint: "the other value: the stack is not at this stage; run pulumi config get vpc-labs:endpointsStage and pulumi up again",
            ko: { where: shell.ko, expected: hostnamesWhy.ko, hint: "다른 값이 나오면 스택이 이 단계가 아니다. `pulumi config get vpc-labs:endpointsStage`로 확인하고 다시 `pulumi up` 한다" },
        },
        {
            id: "network-no-gateway-routes",
            lab: "endpoints",
            stage,
            where: shell.en,
            command: routeQuery(facts),
            expected: "no output: no route table has a prefix-list route (pl-...) yet; the gateway stage adds them",
            hint: "lines with pl-... -> vpce-...: the gateway endpoints exist, so the stack is at a later stage",
            ko: {
                where: shell.ko,
                expected: "출력 없음: 아직 어느 라우팅 테이블에도 접두사 목록 경로(pl-...)가 없다. gateway 단계에서 추가된다",
                hint: "pl-... -> vpce-... 줄이 나오면 게이트웨이 엔드포인트가 이미 있으므로 스택이 다음 단계에 있다",
            },
        },
        {
            id: "network-s3-ping-public",
            lab: "endpoints",
            stage,
            where: PUBLIC,
            command: `${PING} ${s3}`,
            expected: "3 packets transmitted, 3 received: the public instance reaches S3's public addresses over CloudNeta-IGW",
            hint: "no replies: check that CloudNeta-Public-RT sends 0.0.0.0/0 to CloudNeta-IGW and that the instance has a public IP",
            probe: { from: PUBLIC, to: s3, protocol: "icmp", expectReachable: true },
            ko: {
                where: PUBLIC,
                expected: "3 packets transmitted, 3 received: 퍼블릭 인스턴스는 CloudNeta-IGW를 거쳐 인터넷 구간으로 S3의 퍼블릭 IP에 닿는다",
                hint: "응답이 없으면 CloudNeta-Public-RT의 0.0.0.0/0 → CloudNeta-IGW 경로와 인스턴스의 퍼블릭 IP를 확인한다",
            },
        },
        access,
        {
            id: "network-s3-ping-private",
            lab: "endpoints",
            stage,
            where: PRIVATE,
            command: `${PING} ${s3}`,
            expected: "100% packet loss: CloudNeta-Private-RT has only the local route, so there is no path to S3 before the gateway endpoint",
            hint: "replies: something gives the private subnet a way out (a 0.0.0.0/0 route on CloudNeta-Private-RT, or a gateway endpoint already on it)",
            probe: { from: PRIVATE, to: s3, protocol: "icmp", expectReachable: false },
            ko: {
                where: PRIVATE,
                expected: "100% packet loss: CloudNeta-Private-RT에는 로컬 경로뿐이라 게이트웨이 엔드포인트 전에는 S3로 가는 경로가 없다",
                hint: "응답이 오면 프라이빗 서브넷에 다른 출구가 있다 (CloudNeta-Private-RT의 0.0.0.0/0 경로나 이미 연결된 게이트웨이 엔드포인트)",
            },
        },
    ];
}

function gatewayStageChecks(facts: EndpointsStageFacts): LabCheck[] {
    const stage = "gateway";
    const { r, shell, access } = base(facts, stage);
    const bucket = `s3://${facts.bucketName}`;
    const gatewayTables = facts.routeTables.filter((t) => facts.gatewayTiers.includes(t.tier));
    const routeLines = gatewayTables.flatMap(() => facts.gatewayEndpoints.map((g) => `${g.prefixListId}\t${g.endpointId}`));
    const lesson = facts.configuredInterfaceServices[0] ?? "cloudformation";
    const lessonHost = awsServiceHostname(r, lesson);
    return [
        {
            id: "gateway-routes-added",
            lab: "endpoints",
            stage,
            where: shell.en,
            command: routeQuery(facts),
            expected: `new since the network stage: ${routeLines.length} lines, one per route table and gateway endpoint, the prefix list -> the endpoint\n${routeLines.join("\n")}`,
            hint: "no output: pulumi up did not reach the gateway stage; check pulumi config get vpc-labs:endpointsStage",
            ko: {
                where: shell.ko,
                expected: `network 단계 이후 새로 생긴 경로: 라우팅 테이블과 게이트웨이 엔드포인트마다 한 줄씩 ${routeLines.length}줄, 접두사 목록 → 엔드포인트\n${routeLines.join("\n")}`,
                hint: "출력이 없으면 pulumi up이 gateway 단계까지 가지 않았다. `pulumi config get vpc-labs:endpointsStage`로 확인한다",
            },
        },
        access,
        ...privateS3Checks(facts, bucket),
        {
            id: "gateway-s3-object-outside",
            lab: "endpoints",
            stage,
            where: shell.en,
            command: `aws s3 cp ${bucket}/hello.txt - --region ${r}`,
            expected: "An error occurred (AccessDenied) when calling the GetObject operation: outside the VPC the bucket lock refuses every principal",
            hint: "the file's content: the bucket policy is missing or was changed; run pulumi up --refresh",
            probe: { from: "internet", to: bucket, protocol: "tcp", port: 443, expectReachable: false },
            ko: {
                where: shell.ko,
                expected: "`An error occurred (AccessDenied) when calling the GetObject operation`: VPC 밖에서는 버킷 잠금이 모든 보안 주체를 거부한다",
                hint: "파일 내용이 출력되면 버킷 정책이 없거나 바뀌었다. pulumi up --refresh로 되돌린다",
            },
        },
        {
            id: "gateway-dig-before-interface",
            lab: "endpoints",
            stage,
            where: `${PUBLIC} or ${PRIVATE}`,
            command: `dig +short ${lessonHost}`,
            expected: `public addresses, none inside ${facts.subnetCidrs.join(" or ")}: there is no ${lesson} interface endpoint yet, so the name resolves as on the internet`,
            hint: `private addresses of the VPC: a ${lesson} interface endpoint with private DNS already exists (the stack is at the interface stage)`,
            ko: {
                where: `${PUBLIC} 또는 ${PRIVATE}`,
                expected: `퍼블릭 IP 주소 (${facts.subnetCidrs.join(", ")} 안의 주소가 아님): 아직 ${lesson} 인터페이스 엔드포인트가 없어서 인터넷에서와 같이 해석된다`,
                hint: `VPC의 프라이빗 IP가 나오면 프라이빗 DNS가 켜진 ${lesson} 인터페이스 엔드포인트가 이미 있다 (interface 단계)`,
            },
        },
        {
            id: "gateway-https-private-before-interface",
            lab: "endpoints",
            stage,
            where: PRIVATE,
            command: `curl -sS -m 5 -o /dev/null -w '%{http_code}\\n' https://${lessonHost}/`,
            expected: `curl: (28) ... timed out: the private instance has no path to ${lesson} (a gateway endpoint serves S3 and DynamoDB only); the interface stage gives it one`,
            hint: "an HTTP status code: the private subnet has a way out (a NAT or a 0.0.0.0/0 route); it should not",
            probe: { from: PRIVATE, to: lessonHost, protocol: "tcp", port: 443, expectReachable: false },
            ko: {
                where: PRIVATE,
                expected: `curl: (28) ... timed out: 프라이빗 인스턴스에는 ${lesson}로 가는 경로가 없다 (게이트웨이 엔드포인트는 S3와 DynamoDB 전용). interface 단계에서 경로가 생긴다`,
                hint: "HTTP 상태 코드가 나오면 프라이빗 서브넷에 출구(NAT나 0.0.0.0/0 경로)가 있다는 뜻이다",
            },
        },
    ];
}

/**
 * The private instance and S3 at the gateway stage. Whether it gets through follows from the
 * route tables the gateway endpoints are on (`endpointsGatewayRouteTables`): without the
 * private one, CloudNeta-Private-RT still has only its local route and the ping stays lost.
 */
function privateS3Checks(facts: EndpointsStageFacts, bucket: string): LabCheck[] {
    const stage = "gateway";
    const r = facts.region;
    const s3 = awsServiceHostname(r, "s3");
    const reaches = facts.gatewayTiers.includes("private");
    const ping: LabCheck = reaches
        ? {
              id: "gateway-s3-ping-private",
              lab: "endpoints",
              stage,
              where: PRIVATE,
              command: `${PING} ${s3}`,
              expected: "3 packets transmitted, 3 received: the same ping that was lost at the network stage now answers, through the S3 gateway endpoint on CloudNeta-Private-RT",
              hint: "still 100% loss: check that CloudNeta-Private-RT has the pl-... route and that CloudNeta-Private-EC2-SG allows ping to the S3 prefix list",
              probe: { from: PRIVATE, to: s3, protocol: "icmp", expectReachable: true },
              ko: {
                  where: PRIVATE,
                  expected: "3 packets transmitted, 3 received: network 단계에서 실패한 같은 ping이 이제 CloudNeta-Private-RT의 S3 게이트웨이 엔드포인트를 거쳐 응답한다",
                  hint: "여전히 100% 손실이면 CloudNeta-Private-RT의 pl-... 경로와 CloudNeta-Private-EC2-SG의 S3 접두사 목록 대상 ping 허용 규칙을 확인한다",
              },
          }
        : {
              id: "gateway-s3-ping-private",
              lab: "endpoints",
              stage,
              where: PRIVATE,
              command: `${PING} ${s3}`,
              expected: "100% packet loss, as at the network stage: endpointsGatewayRouteTables puts the gateway endpoints on the public route table only, so CloudNeta-Private-RT still has only its local route",
              hint: "replies: CloudNeta-Private-RT carries a pl-... route after all; compare the route check above",
              probe: { from: PRIVATE, to: s3, protocol: "icmp", expectReachable: false },
              ko: {
                  where: PRIVATE,
                  expected: "network 단계와 같이 100% packet loss: endpointsGatewayRouteTables가 게이트웨이 엔드포인트를 퍼블릭 라우팅 테이블에만 연결하므로 CloudNeta-Private-RT에는 여전히 로컬 경로뿐이다",
                  hint: "응답이 오면 CloudNeta-Private-RT에 pl-... 경로가 있는 것이다. 위의 경로 검증과 비교한다",
              },
          };
    const upload = `echo hello | aws s3 cp - ${bucket}/hello.txt --region ${r} && aws s3 ls ${bucket} --region ${r}`;
    const object: LabCheck = reaches
        ? {
              id: "gateway-s3-bucket-private",
              lab: "endpoints",
              stage,
              where: PRIVATE,
              command: upload,
              expected: `"upload: - to ${bucket}/hello.txt", then a listing line ending in hello.txt: the new bucket answers requests that carry aws:SourceVpce of the S3 gateway endpoint`,
              hint: "AccessDenied: the request did not come through the gateway endpoint; check the route above and the bucket policy's aws:SourceVpce",
              probe: { from: PRIVATE, to: bucket, protocol: "tcp", port: 443, expectReachable: true },
              ko: {
                  where: PRIVATE,
                  expected: `"upload: - to ${bucket}/hello.txt" 다음에 hello.txt로 끝나는 목록 줄: 새 버킷은 S3 게이트웨이 엔드포인트의 aws:SourceVpce가 붙은 요청에만 응답한다`,
                  hint: "AccessDenied가 나오면 요청이 게이트웨이 엔드포인트를 거치지 않았다. 위의 경로와 버킷 정책의 aws:SourceVpce를 확인한다",
              },
          }
        : {
              id: "gateway-s3-bucket-private",
              lab: "endpoints",
              stage,
              where: PRIVATE,
              command: upload,
              expected: "a timeout after the CLI's retries (Connect timeout on endpoint URL): without the gateway endpoint on CloudNeta-Private-RT the private instance has no path to S3",
              hint: "an upload line: CloudNeta-Private-RT carries the S3 prefix-list route after all",
              probe: { from: PRIVATE, to: bucket, protocol: "tcp", port: 443, expectReachable: false },
              ko: {
                  where: PRIVATE,
                  expected: "CLI의 재시도 후 시간 초과 (Connect timeout on endpoint URL): CloudNeta-Private-RT에 게이트웨이 엔드포인트가 없으면 프라이빗 인스턴스에서 S3로 가는 경로가 없다",
                  hint: "upload 줄이 나오면 CloudNeta-Private-RT에 S3 접두사 목록 경로가 있는 것이다",
              },
          };
    return [ping, object];
}
