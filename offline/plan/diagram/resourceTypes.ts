/** The resource type tokens the diagram reads. */
export const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    igw: "aws:ec2/internetGateway:InternetGateway",
    egressIgw: "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway",
    nat: "aws:ec2/natGateway:NatGateway",
    routeTable: "aws:ec2/routeTable:RouteTable",
    defaultRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
    route: "aws:ec2/route:Route",
    association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    networkAcl: "aws:ec2/networkAcl:NetworkAcl",
    networkAclRule: "aws:ec2/networkAclRule:NetworkAclRule",
    networkAclAssociation: "aws:ec2/networkAclAssociation:NetworkAclAssociation",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    endpointRouteTable: "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation",
    endpointSubnet: "aws:ec2/vpcEndpointSubnetAssociation:VpcEndpointSubnetAssociation",
    endpointService: "aws:ec2/vpcEndpointService:VpcEndpointService",
    accepter: "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter",
    instance: "aws:ec2/instance:Instance",
    flowLog: "aws:ec2/flowLog:FlowLog",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    listener: "aws:lb/listener:Listener",
    targetGroupAttachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
} as const;

/** A value as a non-empty string, or undefined. */
export function str(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}
