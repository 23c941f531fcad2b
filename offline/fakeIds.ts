import { stableHex } from "./stableHex";

/** ID prefixes AWS uses, by resource type; the rest get `<name>-<hex>`. */
const ID_PREFIXES: Readonly<Record<string, string>> = {
    "aws:ec2/vpc:Vpc": "vpc",
    "aws:ec2/subnet:Subnet": "subnet",
    "aws:ec2/internetGateway:InternetGateway": "igw",
    "aws:ec2/routeTable:RouteTable": "rtb",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "rtbassoc",
    "aws:ec2/natGateway:NatGateway": "nat",
    "aws:ec2/eip:Eip": "eipalloc",
    "aws:ec2/securityGroup:SecurityGroup": "sg",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "sgr",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
    "aws:ec2/vpcEndpointService:VpcEndpointService": "vpce-svc",
    "aws:ec2/instance:Instance": "i",
    "aws:ec2/flowLog:FlowLog": "fl",
    "aws:ec2/networkAcl:NetworkAcl": "acl",
    "aws:ec2/networkInterface:NetworkInterface": "eni",
    "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint": "eice",
};

/** The ID the fake account gives a resource of this type and name: `vpc-<17 hex>` as AWS does, `<name>-<8 hex>` for types without a prefix. */
export function fakeId(type: string, name: string): string {
    const prefix = ID_PREFIXES[type];
    const hex = stableHex(`${type}::${name}`);
    return prefix ? `${prefix}-${hex}` : `${name}-${hex.slice(0, 8)}`;
}
