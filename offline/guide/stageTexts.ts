import { LabName } from "../../config/keys";
import { StageOf } from "../../config/stages";

/** A text in both languages of the guide. */
export interface Bilingual {
    readonly en: string;
    readonly ko: string;
}
export type Lang = keyof Bilingual;

/** What the guide says about one stage: what it changes and where to look in the console. */
export interface StageText {
    readonly title: Bilingual;
    /** What this stage adds or removes, compared with the previous one (the first: what it builds). */
    readonly changes: Bilingual;
    /** Console screens to open, as the originals name them (menu path > screen > tab). */
    readonly console: readonly Bilingual[];
    /** How long AWS needs after `pulumi up` before the checks answer. */
    readonly wait?: Bilingual;
}

/** What the guide says about a lab before its stages. */
export interface LabText {
    readonly title: Bilingual;
    readonly summary: Bilingual;
    readonly source: Bilingual;
}

export const LAB_TEXTS: Readonly<Record<LabName, LabText>> = {
    endpoints: {
        title: { en: "Lab endpoints: gateway endpoint vs interface endpoint", ko: "실습 endpoints: 게이트웨이 엔드포인트와 인터페이스 엔드포인트" },
        summary: {
            en: "CloudNeta-VPC with a public and a private instance. The private subnet has no way out until the S3 gateway endpoint is put on its route table; the CloudFormation name resolves to public addresses until the interface endpoint with private DNS exists.",
            ko: "퍼블릭 인스턴스와 프라이빗 인스턴스가 있는 CloudNeta-VPC. 프라이빗 서브넷은 S3 게이트웨이 엔드포인트가 라우팅 테이블에 연결되기 전에는 밖으로 나갈 수 없고, CloudFormation 이름은 프라이빗 DNS가 켜진 인터페이스 엔드포인트가 생기기 전까지 퍼블릭 IP로 해석된다.",
        },
        source: { en: "The book's lab09-1 (Chapter 09, VPC endpoints).", ko: "책의 lab09-1 (Chapter 09 VPC 고급, VPC 엔드포인트)." },
    },
    "endpoint-service": {
        title: { en: "Lab endpoint-service: PrivateLink from MyVPC to a service in CustomVPC", ko: "실습 endpoint-service: MyVPC에서 CustomVPC의 서비스로 PrivateLink 연결" },
        summary: {
            en: "Custom-NLB serves Custom-WEB-1 and -2 inside CustomVPC only. Published as the endpoint service Custom-EPS and consumed by My-EPS-Endpoint in MyVPC, it answers My-EC2 once the connection is accepted.",
            ko: "Custom-NLB는 CustomVPC 안에서만 Custom-WEB-1, -2를 서비스한다. 엔드포인트 서비스 Custom-EPS로 공개하고 MyVPC의 My-EPS-Endpoint로 연결한 뒤, 연결 요청이 수락되면 My-EC2에 응답한다.",
        },
        source: { en: "The book's lab09-2 (Chapter 09, endpoint services).", ko: "책의 lab09-2 (Chapter 09 VPC 고급, 엔드포인트 서비스)." },
    },
    "bastion-ssm": {
        title: { en: "Lab bastion-ssm: private instances through NAT, Session Manager and a NACL", ko: "실습 bastion-ssm: NAT, Session Manager, 네트워크 ACL로 보는 프라이빗 인스턴스" },
        summary: {
            en: "IMD-VPC with two public and two private instances. Session Manager reaches the private ones first through IMD-NATGW, then through the ssm, ssmmessages and ec2messages endpoints; IMD-PRIVATE-NACL then shows what a stateless rule set blocks.",
            ko: "퍼블릭 인스턴스 2대와 프라이빗 인스턴스 2대가 있는 IMD-VPC. Session Manager는 먼저 IMD-NATGW를 거쳐, 다음에는 ssm, ssmmessages, ec2messages 엔드포인트를 거쳐 프라이빗 인스턴스에 닿는다. 이어서 IMD-PRIVATE-NACL로 상태 비저장 규칙이 무엇을 막는지 본다.",
        },
        source: { en: "The Immersion Day VPC lab (tasks 3 to 5 and 24).", ko: "Immersion Day VPC 실습 (Task 3~5, 24)." },
    },
};

type StageTexts = { readonly [L in LabName]: Readonly<Record<StageOf<L>, StageText>> };

export const STAGE_TEXTS: StageTexts = {
    endpoints: {
        network: {
            title: { en: "network: the base environment", ko: "network: 기본 환경" },
            changes: {
                en: "Builds CloudNeta-VPC, CloudNeta-Public-SN and CloudNeta-Private-SN, their route tables, CloudNeta-IGW, the two instances with their security groups, and the flow log. No gateway endpoint and no CloudFormation endpoint yet; DNS hostnames as lab09-1's template had them (off), unless Session Manager's endpoints need them.",
                ko: "CloudNeta-VPC, CloudNeta-Public-SN과 CloudNeta-Private-SN, 각 라우팅 테이블, CloudNeta-IGW, 보안 그룹을 가진 인스턴스 2대, 흐름 로그를 만든다. 아직 게이트웨이 엔드포인트와 CloudFormation 엔드포인트는 없다. DNS 호스트 이름은 lab09-1 템플릿과 같이 꺼져 있다 (Session Manager용 엔드포인트가 필요로 하면 켜짐).",
            },
            console: [
                { en: "VPC > Your VPCs > CloudNeta-VPC > Details: DNS hostnames", ko: "VPC > Virtual Private Cloud > VPC > CloudNeta-VPC > 세부 정보: DNS 호스트 이름" },
                { en: "VPC > Route tables > CloudNeta-Private-RT > Routes: the local route only", ko: "VPC > Virtual Private Cloud > 라우팅 테이블 > CloudNeta-Private-RT > 라우팅 탭: 로컬 경로뿐" },
                { en: "EC2 > Instances > CloudNeta-Public-EC2 > Connect > Session Manager", ko: "EC2 > 인스턴스 > CloudNeta-Public-EC2 > 연결 > Session Manager" },
            ],
            wait: { en: "About 2 minutes after pulumi up for the instances to register with Systems Manager.", ko: "pulumi up 후 인스턴스가 Systems Manager에 등록될 때까지 약 2분." },
        },
        gateway: {
            title: { en: "gateway: S3 (and DynamoDB) gateway endpoints and the locked bucket", ko: "gateway: S3 (및 DynamoDB) 게이트웨이 엔드포인트와 잠긴 버킷" },
            changes: {
                en: "Adds the gateway endpoints on the configured route tables (a prefix-list route pl-... -> vpce-... in each), the S3 bucket that answers only through the S3 gateway endpoint (aws:SourceVpce), and the private instance's rules and permissions to use them.",
                ko: "지정한 라우팅 테이블에 게이트웨이 엔드포인트를 연결하고 (각 테이블에 접두사 목록 경로 pl-... → vpce-...), S3 게이트웨이 엔드포인트를 통해서만 응답하는 S3 버킷 (aws:SourceVpce), 그리고 프라이빗 인스턴스가 이를 쓰기 위한 보안 그룹 규칙과 권한을 추가한다.",
            },
            console: [
                { en: "VPC > Endpoints > CloudNeta-S3-Gateway-Endpoint > Route tables", ko: "VPC > Virtual Private Cloud > 엔드포인트 > CloudNeta-S3-Gateway-Endpoint > 라우팅 테이블 탭" },
                { en: "VPC > Route tables > CloudNeta-Private-RT > Routes: pl-... -> vpce-...", ko: "VPC > Virtual Private Cloud > 라우팅 테이블 > CloudNeta-Private-RT > 라우팅 탭: pl-... → vpce-..." },
                { en: "S3 > Buckets > vpc-labs-endpoints-locked-... > Permissions > Bucket policy", ko: "S3 > 버킷 > vpc-labs-endpoints-locked-... > 권한 > 버킷 정책" },
            ],
            wait: { en: "None: the routes exist when pulumi up ends.", ko: "없음: pulumi up이 끝나면 경로가 이미 있다." },
        },
        interface: {
            title: { en: "interface: the interface endpoint with private DNS (final)", ko: "interface: 프라이빗 DNS를 켠 인터페이스 엔드포인트 (최종)" },
            changes: {
                en: "Turns on CloudNeta-VPC's DNS hostnames (private DNS needs them) and adds the interface endpoints of endpointsInterfaceServices (CloudFormation, as the book) with an ENI in each zone's subnet and their own security groups (tcp 443 from the VPC). The same dig now answers the endpoint's private addresses.",
                ko: "CloudNeta-VPC의 DNS 호스트 이름을 켜고 (프라이빗 DNS에 필요), endpointsInterfaceServices의 인터페이스 엔드포인트 (책과 같이 CloudFormation)를 영역마다 서브넷에 ENI 하나씩, 전용 보안 그룹 (VPC에서 tcp 443)과 함께 추가한다. 같은 dig가 이제 엔드포인트의 프라이빗 IP를 응답한다.",
            },
            console: [
                { en: "VPC > Your VPCs > CloudNeta-VPC > Actions > Edit DNS hostnames: enabled", ko: "VPC > Virtual Private Cloud > VPC > 작업 > DNS 호스트 이름 편집: 활성화" },
                { en: "VPC > Endpoints > CloudNeta-cloudformation-Endpoint > Subnets and DNS names (private DNS names enabled)", ko: "VPC > Virtual Private Cloud > 엔드포인트 > CloudNeta-cloudformation-Endpoint > 서브넷 탭, 세부 정보의 DNS 이름 (프라이빗 DNS 이름 활성화)" },
            ],
            wait: { en: "About 2 minutes until the endpoint is Available and its private DNS answers.", ko: "엔드포인트가 사용 가능 상태가 되고 프라이빗 DNS가 응답할 때까지 약 2분." },
        },
    },
    "endpoint-service": {
        provider: {
            title: { en: "provider: the NLB and the web servers in CustomVPC", ko: "provider: CustomVPC의 NLB와 웹 서버" },
            changes: {
                en: "Builds MyVPC with My-EC2, and CustomVPC (private subnets, no internet gateway) with Custom-WEB-1/2 behind the internal Custom-NLB and Custom-NLB-TG. Nothing offers the NLB outside CustomVPC yet.",
                ko: "My-EC2가 있는 MyVPC와, 내부(internal) Custom-NLB 및 Custom-NLB-TG 뒤에 Custom-WEB-1/2가 있는 CustomVPC (프라이빗 서브넷, 인터넷 게이트웨이 없음)를 만든다. 아직 CustomVPC 밖에 NLB를 공개하는 것은 없다.",
            },
            console: [
                { en: "EC2 > Load Balancing > Target groups > Custom-NLB-TG > Targets: health status", ko: "EC2 > 로드밸런싱 > 대상 그룹 > Custom-NLB-TG > 대상 탭: 상태 확인" },
                { en: "EC2 > Load Balancing > Load balancers > Custom-NLB: Scheme internal, two Availability Zones", ko: "EC2 > 로드밸런싱 > 로드밸런서 > Custom-NLB: 체계 internal, 가용 영역 2개" },
            ],
            wait: { en: "About 3 minutes for the targets to pass their first health checks.", ko: "대상이 첫 상태 검사를 통과할 때까지 약 3분." },
        },
        service: {
            title: { en: "service: the endpoint service and the consumer endpoint, pending", ko: "service: 엔드포인트 서비스와 소비자 엔드포인트 (수락 대기 중)" },
            changes: {
                en: "Adds the endpoint service Custom-EPS on Custom-NLB (acceptance required, your account only) and the interface endpoint My-EPS-Endpoint in MyVPC with its security group. The connection request waits for acceptance.",
                ko: "Custom-NLB에 엔드포인트 서비스 Custom-EPS (수락 필요, 내 계정만 허용)와, MyVPC에 보안 그룹을 가진 인터페이스 엔드포인트 My-EPS-Endpoint를 추가한다. 연결 요청은 수락을 기다린다.",
            },
            console: [
                { en: "VPC > Endpoint services > Custom-EPS > Endpoint connections: pendingAcceptance", ko: "VPC > Virtual Private Cloud > 엔드포인트 서비스 > Custom-EPS > 엔드포인트 연결 탭: 수락 대기 중" },
                { en: "VPC > Endpoints > My-EPS-Endpoint > Details: Status Pending acceptance", ko: "VPC > Virtual Private Cloud > 엔드포인트 > My-EPS-Endpoint > 세부 정보: 상태 수락 대기 중" },
            ],
            wait: { en: "About 1 minute for the request to show as pending.", ko: "요청이 수락 대기 중으로 보일 때까지 약 1분." },
        },
        accepted: {
            title: { en: "accepted: the connection accepted (final)", ko: "accepted: 연결 수락 (최종)" },
            changes: {
                en: "Accepts the connection (the program's connection accepter, or you with the accept command when endpointServiceAutoAccept is false). The endpoint becomes Available and curl through it returns the web servers' pages.",
                ko: "연결 요청을 수락한다 (프로그램의 연결 수락자, 또는 endpointServiceAutoAccept가 false이면 수락 명령으로 직접). 엔드포인트가 사용 가능 상태가 되고 이를 통한 curl이 웹 서버 페이지를 돌려준다.",
            },
            console: [
                { en: "VPC > Endpoint services > Custom-EPS > Endpoint connections > Actions > Accept endpoint connection request", ko: "VPC > Virtual Private Cloud > 엔드포인트 서비스 > Custom-EPS > 엔드포인트 연결 탭 > 작업 > 엔드포인트 연결 요청 수락" },
                { en: "VPC > Endpoints > My-EPS-Endpoint > Details: Status Available, DNS names", ko: "VPC > Virtual Private Cloud > 엔드포인트 > My-EPS-Endpoint > 세부 정보: 상태 사용 가능, DNS 이름" },
            ],
            wait: { en: "1 to 2 minutes after acceptance until the endpoint is Available.", ko: "수락 후 엔드포인트가 사용 가능 상태가 될 때까지 1~2분." },
        },
    },
    "bastion-ssm": {
        network: {
            title: { en: "network: IMD-VPC without a way out of the private subnets", ko: "network: 프라이빗 서브넷에 출구가 없는 IMD-VPC" },
            changes: {
                en: "Builds IMD-VPC, IMD-PUBLIC-A/B and IMD-PRIVATE-A/B, IMD-IGW, PUBLIC-RT and PRIVATE-RT (local only), the security groups, the instance role and PUBLIC-01/02, PRIVATE-01/02, and the flow log IMD-VPCFlow. No NAT gateway and no SSM endpoint yet.",
                ko: "IMD-VPC, IMD-PUBLIC-A/B와 IMD-PRIVATE-A/B, IMD-IGW, PUBLIC-RT와 PRIVATE-RT (로컬 경로만), 보안 그룹, 인스턴스 역할, PUBLIC-01/02와 PRIVATE-01/02, 흐름 로그 IMD-VPCFlow를 만든다. 아직 NAT 게이트웨이와 SSM 엔드포인트는 없다.",
            },
            console: [
                { en: "VPC > Route tables > PRIVATE-RT > Routes: the local route only", ko: "VPC > 가상 프라이빗 클라우드 > 라우팅 테이블 > PRIVATE-RT > 라우팅 탭: 로컬 경로뿐" },
                { en: "Systems Manager > Fleet Manager (managed nodes): PUBLIC-01 and PUBLIC-02 only", ko: "Systems Manager > Fleet Manager (관리형 노드): PUBLIC-01, PUBLIC-02만 보인다" },
            ],
            wait: { en: "About 3 minutes for the public instances to register with Systems Manager.", ko: "퍼블릭 인스턴스가 Systems Manager에 등록될 때까지 약 3분." },
        },
        nat: {
            title: { en: "nat: the NAT gateway", ko: "nat: NAT 게이트웨이" },
            changes: {
                en: "Adds IMD-NATGW with its Elastic IP in IMD-PUBLIC-A (or one per zone with bastionSsmNatGateways: per-az) and the 0.0.0.0/0 route of PRIVATE-RT to it. The private instances reach the internet and Systems Manager through it, as in the original.",
                ko: "IMD-PUBLIC-A에 탄력적 IP를 가진 IMD-NATGW (bastionSsmNatGateways: per-az이면 영역마다 하나)와 PRIVATE-RT의 0.0.0.0/0 → NAT 경로를 추가한다. 원본과 같이 프라이빗 인스턴스가 이를 거쳐 인터넷과 Systems Manager에 닿는다.",
            },
            console: [
                { en: "VPC > NAT gateways > IMD-NATGW: State Available, Elastic IP", ko: "VPC > 가상 프라이빗 클라우드 > NAT 게이트웨이 > IMD-NATGW: 상태 Available, 탄력적 IP 주소" },
                { en: "VPC > Route tables > PRIVATE-RT > Routes: 0.0.0.0/0 -> nat-...", ko: "VPC > 가상 프라이빗 클라우드 > 라우팅 테이블 > PRIVATE-RT > 라우팅 탭: 0.0.0.0/0 → nat-..." },
                { en: "Systems Manager > Session Manager > Start session: PRIVATE-01 and PRIVATE-02 appear", ko: "Systems Manager > Session Manager > 세션 시작: PRIVATE-01, PRIVATE-02가 보인다" },
            ],
            wait: { en: "About 2 minutes for the NAT gateway, then up to 5 minutes for the private instances to register.", ko: "NAT 게이트웨이 생성에 약 2분, 이후 프라이빗 인스턴스 등록까지 최대 5분." },
        },
        ssm: {
            title: { en: "ssm: the Systems Manager interface endpoints", ko: "ssm: Systems Manager 인터페이스 엔드포인트" },
            changes: {
                en: "Adds IMD-SSM-SG (tcp 443 from the VPC) and the ssm, ssmmessages and ec2messages interface endpoints with private DNS in the private subnets: Session Manager no longer needs the NAT gateway.",
                ko: "IMD-SSM-SG (VPC에서 tcp 443)와, 프라이빗 서브넷에 프라이빗 DNS를 켠 ssm, ssmmessages, ec2messages 인터페이스 엔드포인트를 추가한다. Session Manager는 더 이상 NAT 게이트웨이가 필요 없다.",
            },
            console: [
                { en: "VPC > Endpoints > IMD-SSM-VPCE, IMD-SSMMESSAGES-VPCE, IMD-EC2MESSAGES-VPCE: Available, private DNS names enabled", ko: "VPC > 가상 프라이빗 클라우드 > 엔드포인트 > IMD-SSM-VPCE, IMD-SSMMESSAGES-VPCE, IMD-EC2MESSAGES-VPCE: 사용 가능, 프라이빗 DNS 이름 활성화" },
                { en: "EC2 > Instances > PRIVATE-01 > Connect > Session Manager", ko: "EC2 > 인스턴스 > PRIVATE-01 > 인스턴스 연결 > Session Manager" },
            ],
            wait: { en: "About 2 minutes until the endpoints are Available.", ko: "엔드포인트가 사용 가능 상태가 될 때까지 약 2분." },
        },
        nacl: {
            title: { en: "nacl: the network ACL exercise", ko: "nacl: 네트워크 ACL 실습" },
            changes: {
                en: "Adds IMD-PRIVATE-NACL on both private subnets: inbound rule 10 allows everything from IMD-PUBLIC-A, outbound rule 10 allows everything. Ping from PUBLIC-01 still works; from IMD-PUBLIC-B it now fails, replies included (a NACL is stateless).",
                ko: "두 프라이빗 서브넷에 IMD-PRIVATE-NACL을 추가한다: 인바운드 규칙 10은 IMD-PUBLIC-A에서 오는 모든 트래픽을, 아웃바운드 규칙 10은 모든 트래픽을 허용한다. PUBLIC-01의 ping은 여전히 성공하고, IMD-PUBLIC-B에서의 ping은 이제 응답까지 막혀 실패한다 (네트워크 ACL은 상태 비저장).",
            },
            console: [
                { en: "VPC > Security > Network ACLs > IMD-PRIVATE-NACL > Inbound rules, Outbound rules, Subnet associations", ko: "VPC > 보안 > 네트워크 ACL > IMD-PRIVATE-NACL > 인바운드 규칙, 아웃바운드 규칙, 서브넷 연결 탭" },
            ],
            wait: { en: "None: a NACL applies as soon as it is associated.", ko: "없음: 네트워크 ACL은 연결되는 즉시 적용된다." },
        },
        "nacl-off": {
            title: { en: "nacl-off: the NACL removed again (final)", ko: "nacl-off: 네트워크 ACL 제거 (최종)" },
            changes: {
                en: "Removes IMD-PRIVATE-NACL (the private subnets go back to the default NACL, which allows everything), as the original deletes it after the exercise. Every check of the finished lab answers again.",
                ko: "원본이 실습 후 삭제하듯 IMD-PRIVATE-NACL을 제거한다 (프라이빗 서브넷은 모두 허용하는 기본 네트워크 ACL로 돌아감). 완성된 실습의 모든 검증이 다시 응답한다.",
            },
            console: [
                { en: "VPC > Security > Network ACLs: IMD-PRIVATE-NACL is gone; the private subnets show the default NACL", ko: "VPC > 보안 > 네트워크 ACL: IMD-PRIVATE-NACL이 없고 프라이빗 서브넷은 기본 네트워크 ACL에 연결되어 있다" },
            ],
            wait: { en: "None.", ko: "없음." },
        },
    },
};
