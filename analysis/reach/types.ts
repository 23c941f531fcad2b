/** Resource type tokens the analysis reads, as stack exports and the offline engine record them. */
export const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    defaultRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
    route: "aws:ec2/route:Route",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    mainRouteTableAssociation: "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    internetGatewayAttachment: "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment",
    natGateway: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    eipAssociation: "aws:ec2/eipAssociation:EipAssociation",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    networkAcl: "aws:ec2/networkAcl:NetworkAcl",
    defaultNetworkAcl: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
    networkAclRule: "aws:ec2/networkAclRule:NetworkAclRule",
    networkAclAssociation: "aws:ec2/networkAclAssociation:NetworkAclAssociation",
    instance: "aws:ec2/instance:Instance",
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    vpcEndpointRouteTableAssociation: "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation",
    vpcEndpointService: "aws:ec2/vpcEndpointService:VpcEndpointService",
    connectionAccepter: "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter",
    instanceConnectEndpoint: "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    albLoadBalancer: "aws:alb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    albListener: "aws:alb/listener:Listener",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    albTargetGroup: "aws:alb/targetGroup:TargetGroup",
    targetGroupAttachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    albTargetGroupAttachment: "aws:alb/targetGroupAttachment:TargetGroupAttachment",
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    instanceProfile: "aws:iam/instanceProfile:InstanceProfile",
    role: "aws:iam/role:Role",
    awsxVpc: "awsx:ec2:Vpc",
} as const;

/** The flow a question asks about. */
export interface Flow {
    readonly protocol: "tcp" | "udp" | "icmp";
    /** The destination port (tcp, udp). */
    readonly port?: number;
}

/** Ports a client picks its source port from: Linux's ephemeral range, which the replies go back to. */
export const EPHEMERAL_PORTS: readonly [number, number] = [32768, 60999];

/** The lab components, whose outputs carry the labs' checks. */
export const LAB_COMPONENT_TYPES: readonly string[] = ["vpc-labs:labs:EndpointsLab", "vpc-labs:labs:EndpointServiceLab", "vpc-labs:labs:BastionSsmLab"];

/** The flow logs and their destinations, which `reach` reads to predict the records a flow leaves (analysis/flowLogs). */
export const FLOW_LOG_TYPES: readonly string[] = ["aws:ec2/flowLog:FlowLog", "aws:cloudwatch/logGroup:LogGroup"];

/** Every type whose props the analysis reads; the props of other resources are never looked at. */
export const READ_TYPES: ReadonlySet<string> = new Set([...Object.values(T), ...LAB_COMPONENT_TYPES, ...FLOW_LOG_TYPES]);
