import { NatStrategy } from "../../../config/stackConfig";
import { LabCheck, LabCheckText } from "../../../labs/labCheck";
import { StageOf } from "../../../config/stages";
import { WorkloadName } from "../../../labs/bastionSsm/names";
import { VerificationFacts } from "./verification";

/** What the checks of the stages before the NACL name: the verification facts plus PRIVATE-RT. */
export interface BastionSsmStageFacts extends VerificationFacts {
    /** PRIVATE-RT (or PRIVATE-RT-A and -B). */
    readonly privateRouteTableIds: readonly string[];
    /** `bastionSsmNatGateways`, the NAT the nat stage adds; undefined on a network the lab was given. */
    readonly natLayout?: NatStrategy;
}

/** The stages whose checks are written here; from nacl on the lab exports its verification. */
export type EarlierBastionStage = Extract<StageOf<"bastion-ssm">, "network" | "nat" | "ssm">;

const SHELL: LabCheckText = { where: "your own shell (AWS CLI v2 with the Session Manager plugin)", expected: "" };
const SHELL_KO = "내 PC의 터미널 (AWS CLI v2와 Session Manager 플러그인)";
const PING = "ping -c 3 -W 2";
const NAMES: readonly WorkloadName[] = ["PUBLIC-01", "PUBLIC-02", "PRIVATE-01", "PRIVATE-02"];

/**
 * The checks of the stages before the NACL exercise, in the original's order: at `network`
 * only the public instances reach Systems Manager; at `nat` the private ones do too, through
 * IMD-NATGW (the original's ssm and ec2messages went that way); at `ssm` the service names
 * resolve to the endpoints' private addresses, and pings between the tiers work, the "before"
 * of the NACL exercise.
 */
export function bastionSsmStageChecks(stage: EarlierBastionStage, facts: BastionSsmStageFacts): LabCheck[] {
    switch (stage) {
        case "network":
            return networkChecks(facts);
        case "nat":
            return natChecks(facts);
        default:
            return ssmChecks(facts);
    }
}

function check(stage: EarlierBastionStage, id: string, fields: Omit<LabCheck, "id" | "lab" | "stage">): LabCheck {
    return { id: `${stage}-${id}`, lab: "bastion-ssm", stage, ...fields };
}

function sessionCommand(facts: BastionSsmStageFacts, name: WorkloadName): string {
    return `aws ssm start-session --region ${facts.region} --target ${facts.instances[name].instanceId}`;
}

function routesCommand(facts: BastionSsmStageFacts): string {
    return (
        `aws ec2 describe-route-tables --region ${facts.region} --route-table-ids ${facts.privateRouteTableIds.join(" ")} ` +
        '--query "RouteTables[].Routes[].[DestinationCidrBlock,GatewayId||NatGatewayId]" --output text'
    );
}

function managedCommand(facts: BastionSsmStageFacts): string {
    const ids = NAMES.map((n) => facts.instances[n].instanceId).join(",");
    return `aws ssm describe-instance-information --region ${facts.region} --filters Key=InstanceIds,Values=${ids} --query "InstanceInformationList[].InstanceId" --output text`;
}

function ssmDnsCommand(facts: BastionSsmStageFacts): string {
    return `getent ahostsv4 ssmmessages.${facts.region}.amazonaws.com | awk '{print $1}' | sort -u`;
}

function networkChecks(facts: BastionSsmStageFacts): LabCheck[] {
    const stage = "network";
    const { instances: i } = facts;
    return [
        check(stage, "private-route-local", {
            where: SHELL.where,
            command: routesCommand(facts),
            expected: `${facts.vpcCidr}\tlocal and nothing else: PRIVATE-RT has no default route yet, so the private subnets have no way out`,
            hint: "a 0.0.0.0/0 line: the stack is past this stage (pulumi config get vpc-labs:bastionSsmStage)",
            ko: {
                where: SHELL_KO,
                expected: `${facts.vpcCidr}\tlocal 한 줄뿐: PRIVATE-RT에는 아직 기본 경로가 없어서 프라이빗 서브넷은 밖으로 나갈 수 없다`,
                hint: "0.0.0.0/0 줄이 있으면 스택이 이미 다음 단계에 있다 (`pulumi config get vpc-labs:bastionSsmStage`)",
            },
        }),
        check(stage, "managed-instances-public-only", {
            where: SHELL.where,
            command: managedCommand(facts),
            expected: `${i["PUBLIC-01"].instanceId} and ${i["PUBLIC-02"].instanceId} only (PUBLIC-01, PUBLIC-02): the public instances reach Systems Manager over IMD-IGW; PRIVATE-01 and PRIVATE-02 cannot, with no NAT and no endpoint`,
            hint: "the public IDs are missing too: the SSM agent registers a few minutes after first boot; wait and retry",
            waitSeconds: 180,
            ko: {
                where: SHELL_KO,
                expected: `${i["PUBLIC-01"].instanceId}, ${i["PUBLIC-02"].instanceId}만 나온다 (PUBLIC-01, PUBLIC-02): 퍼블릭 인스턴스는 IMD-IGW를 거쳐 Systems Manager에 닿지만 PRIVATE-01, PRIVATE-02는 NAT도 엔드포인트도 없어 닿지 못한다`,
                hint: "퍼블릭 ID도 없으면 SSM 에이전트가 첫 부팅 후 등록될 때까지 몇 분 기다린 뒤 다시 시도한다",
            },
        }),
        check(stage, "session-public-01", {
            where: SHELL.where,
            command: sessionCommand(facts, "PUBLIC-01"),
            expected: "a shell on PUBLIC-01 as ssm-user; run the next check there",
            hint: "TargetNotConnected: wait for the agent to register (the check above)",
            ko: { where: SHELL_KO, expected: "PUBLIC-01에 ssm-user로 셸이 열린다. 다음 검증은 이 셸에서 실행한다", hint: "TargetNotConnected가 나오면 위 검증처럼 에이전트 등록을 기다린다" },
        }),
        check(stage, "private-page-from-public", {
            where: "PUBLIC-01",
            command: `curl -s http://${i["PRIVATE-01"].privateIp}/`,
            expected: "the metadata page titled PRIVATE-01: inside the VPC the local route reaches the private subnet, and IMD-PRI-SG admits tcp 80 from the VPC",
            hint: "a timeout: check IMD-PRI-SG's tcp 80 rule from the VPC CIDR",
            probe: { from: "PUBLIC-01", to: "PRIVATE-01", protocol: "tcp", port: 80, expectReachable: true },
            ko: {
                where: "PUBLIC-01",
                expected: "PRIVATE-01 제목의 메타데이터 페이지: VPC 안에서는 로컬 경로로 프라이빗 서브넷에 닿고 IMD-PRI-SG가 VPC에서 오는 tcp 80을 허용한다",
                hint: "시간 초과가 나오면 IMD-PRI-SG의 VPC CIDR 대상 tcp 80 규칙을 확인한다",
            },
        }),
    ];
}

function natChecks(facts: BastionSsmStageFacts): LabCheck[] {
    const stage = "nat";
    const nat = facts.natLayout === "per-az" ? "IMD-NATGW-1 and IMD-NATGW-2" : "IMD-NATGW";
    return [
        check(stage, "private-route-nat", {
            where: SHELL.where,
            command: routesCommand(facts),
            expected: `new since the network stage: 0.0.0.0/0\tnat-... beside ${facts.vpcCidr}\tlocal: PRIVATE-RT sends the private subnets' internet traffic to ${nat}`,
            hint: "no 0.0.0.0/0 line: the NAT gateway is still being created (about 2 minutes) or the stack is not at the nat stage",
            waitSeconds: 120,
            ko: {
                where: SHELL_KO,
                expected: `network 단계 이후 새로 생긴 경로: ${facts.vpcCidr}\tlocal 옆에 0.0.0.0/0\tnat-... : PRIVATE-RT가 프라이빗 서브넷의 인터넷 트래픽을 ${nat}로 보낸다`,
                hint: "0.0.0.0/0 줄이 없으면 NAT 게이트웨이가 아직 생성 중(약 2분)이거나 스택이 nat 단계가 아니다",
            },
        }),
        check(stage, "managed-instances-all", {
            where: SHELL.where,
            command: managedCommand(facts),
            expected: `all four instance IDs: PRIVATE-01 and PRIVATE-02 now reach Systems Manager's public endpoints through ${nat}, as in the original`,
            hint: "the private IDs still missing after 10 minutes: the agent backs off between retries; reboot them (aws ec2 reboot-instances) to make it try at once",
            waitSeconds: 300,
            ko: {
                where: SHELL_KO,
                expected: `인스턴스 ID 네 개 모두: PRIVATE-01, PRIVATE-02가 이제 원본과 같이 ${nat}를 거쳐 Systems Manager의 퍼블릭 엔드포인트에 닿는다`,
                hint: "10분이 지나도 프라이빗 ID가 없으면 에이전트가 재시도 간격을 늘린 것이다. aws ec2 reboot-instances로 재부팅하면 바로 다시 시도한다",
            },
        }),
        check(stage, "session-private-01", {
            where: SHELL.where,
            command: sessionCommand(facts, "PRIVATE-01"),
            expected: "a shell on PRIVATE-01 as ssm-user; whoami prints ssm-user. Run the next checks there",
            hint: "TargetNotConnected: the instance is not registered yet (the check above)",
            ko: { where: SHELL_KO, expected: "PRIVATE-01에 ssm-user로 셸이 열린다 (whoami가 ssm-user 출력). 다음 검증은 이 셸에서 실행한다", hint: "TargetNotConnected가 나오면 위 검증처럼 아직 등록되지 않은 것이다" },
        }),
        check(stage, "private-internet", {
            where: "PRIVATE-01",
            command: "curl -sS -m 10 https://checkip.amazonaws.com",
            expected: `the Elastic IP of ${nat}: the private instance reaches the internet through the NAT gateway`,
            hint: "a timeout: check PRIVATE-RT's 0.0.0.0/0 route and that the NAT gateway is available",
            probe: { from: "PRIVATE-01", to: "internet", protocol: "tcp", port: 443, expectReachable: true },
            ko: { where: "PRIVATE-01", expected: `${nat}의 탄력적 IP: 프라이빗 인스턴스가 NAT 게이트웨이를 거쳐 인터넷에 닿는다`, hint: "시간 초과가 나오면 PRIVATE-RT의 0.0.0.0/0 경로와 NAT 게이트웨이 상태(Available)를 확인한다" },
        }),
        check(stage, "ssm-dns-public", {
            where: "PRIVATE-01",
            command: ssmDnsCommand(facts),
            expected: "public addresses: no ssmmessages endpoint yet, so Session Manager's traffic leaves through the NAT gateway",
            hint: `addresses inside ${facts.vpcCidr}: the SSM endpoints already exist (the ssm stage)`,
            ko: { where: "PRIVATE-01", expected: "퍼블릭 IP 주소: 아직 ssmmessages 엔드포인트가 없어서 Session Manager 트래픽은 NAT 게이트웨이로 나간다", hint: `${facts.vpcCidr} 안의 주소가 나오면 SSM 엔드포인트가 이미 있다 (ssm 단계)` },
        }),
    ];
}

function ssmChecks(facts: BastionSsmStageFacts): LabCheck[] {
    const stage = "ssm";
    const { privateA, privateB } = facts.subnetCidrs;
    const subnets = facts.interfaceEndpointAzCount === 2 ? `IMD-PRIVATE-A (${privateA}) and IMD-PRIVATE-B (${privateB})` : `IMD-PRIVATE-A (${privateA})`;
    const ping = (from: WorkloadName): LabCheck =>
        check(stage, `ping-${from.toLowerCase()}-private-01`, {
            where: from,
            command: `${PING} ${facts.instances["PRIVATE-01"].privateIp}`,
            expected: `3 replies: before the NACL exercise the private subnets let in everything from the VPC (the default NACL) and IMD-PRI-SG admits ping from the VPC; at the nacl stage ${from === "PUBLIC-01" ? "this one keeps working" : "this one fails"}`,
            hint: "no replies: check IMD-PRI-SG's ICMP rule from the VPC CIDR and that no NACL is on the private subnets yet",
            probe: { from, to: "PRIVATE-01", protocol: "icmp", expectReachable: true },
            ko: {
                where: from,
                expected: `응답 3개: NACL 실습 전에는 프라이빗 서브넷이 VPC 안의 모든 트래픽을 받고(기본 네트워크 ACL) IMD-PRI-SG가 VPC에서 오는 ping을 허용한다. nacl 단계에서 이 ping은 ${from === "PUBLIC-01" ? "계속 성공한다" : "실패한다"}`,
                hint: "응답이 없으면 IMD-PRI-SG의 VPC CIDR 대상 ICMP 규칙과, 프라이빗 서브넷에 아직 네트워크 ACL이 없는지 확인한다",
            },
        });
    const session = (name: WorkloadName): LabCheck =>
        check(stage, `session-${name.toLowerCase()}`, {
            where: SHELL.where,
            command: sessionCommand(facts, name),
            expected: `a shell on ${name} as ssm-user; run the ${name === "PRIVATE-01" ? "next check" : "ping below"} there`,
            hint: "TargetNotConnected: the agent has not reconnected through the new endpoints yet; wait a minute and retry",
            waitSeconds: name === "PRIVATE-01" ? 120 : undefined,
            ko: { where: SHELL_KO, expected: `${name}에 ssm-user로 셸이 열린다. ${name === "PRIVATE-01" ? "다음 검증" : "아래 ping"}은 이 셸에서 실행한다`, hint: "TargetNotConnected가 나오면 에이전트가 새 엔드포인트로 다시 연결할 때까지 1분쯤 기다린다" },
        });
    return [
        session("PRIVATE-01"),
        check(stage, "ssm-dns-private", {
            where: "PRIVATE-01",
            command: ssmDnsCommand(facts),
            expected: `new since the nat stage: private addresses of the endpoint in ${subnets}; private DNS sends Session Manager through the interface endpoints, NAT or not`,
            hint: "public addresses: the endpoint is still pending (about 2 minutes) or its private DNS is off",
            waitSeconds: 120,
            ko: {
                where: "PRIVATE-01",
                expected: `nat 단계 이후 바뀐 점: ${subnets}에 있는 엔드포인트의 프라이빗 IP. 프라이빗 DNS 덕분에 NAT가 있든 없든 Session Manager가 인터페이스 엔드포인트를 거친다`,
                hint: "퍼블릭 IP가 나오면 엔드포인트가 아직 대기 중(약 2분)이거나 프라이빗 DNS가 꺼져 있다",
            },
        }),
        session("PUBLIC-01"),
        ping("PUBLIC-01"),
        session("PUBLIC-02"),
        ping("PUBLIC-02"),
    ];
}
