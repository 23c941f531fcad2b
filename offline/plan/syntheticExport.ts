import { ExportedResource, StackExport } from "./stackExport";

/**
 * A large, deterministic stack export for measuring the `policy` command: copies of a lab-like
 * cell (a component with a VPC, subnets in two zones, route tables, an internet gateway, a
 * NAT gateway, security groups with rules, instances, gateway and interface endpoints, and a
 * flow log to a log group with its role), referencing each other by ID as a deployed stack's
 * export does, until at least the count is reached (the last cell is whole).
 */
export function syntheticExport(resourceCount: number, stack = "bench", project = "vpc-labs"): StackExport {
    const region = "ap-northeast-2";
    const account = "123456789012";
    const prefix = `urn:pulumi:${stack}::${project}::`;
    const stackUrn = `${prefix}pulumi:pulumi:Stack::${project}-${stack}`;
    const providerUrn = `${prefix}pulumi:providers:aws::default_7_48_0`;
    const providerRef = `${providerUrn}::00000000-0000-4000-8000-000000000000`;
    const resources: ExportedResource[] = [
        { urn: stackUrn, custom: false, type: "pulumi:pulumi:Stack", outputs: {} },
        { urn: providerUrn, custom: true, id: "00000000-0000-4000-8000-000000000000", type: "pulumi:providers:aws", inputs: { region }, outputs: { region } },
    ];
    const hex = (cell: number, n: number) => (cell * 64 + n).toString(16).padStart(17, "0");

    for (let cell = 0; resources.length < resourceCount; cell++) {
        const labType = "vpc-labs:labs:BenchLab";
        const lab = `${prefix}${labType}::lab-${cell}`;
        const added: ExportedResource[] = [];
        const add = (type: string, name: string, id: string, props: Record<string, unknown>, deps: Record<string, string[]> = {}) => {
            const urn = `${prefix}${labType}$${type}::${name}-${cell}`;
            const dependencies = [...new Set(Object.values(deps).flat())];
            added.push({
                urn,
                custom: true,
                id,
                type,
                inputs: props,
                outputs: { ...props, id, arn: `arn:aws:ec2:${region}:${account}:${name}/${id}` },
                parent: lab,
                dependencies,
                provider: providerRef,
                propertyDependencies: deps,
            });
            return urn;
        };
        const octet = cell % 250;
        const cidr = `10.${octet}.0.0/16`;
        const vpcId = `vpc-${hex(cell, 0)}`;
        const tags = (name: string) => ({ Name: `${name}-${cell}` });
        const vpc = add("aws:ec2/vpc:Vpc", "vpc", vpcId, { cidrBlock: cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tags("VPC") });
        const v = { vpcId: [vpc] };
        add("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "default-sg", `sg-${hex(cell, 1)}`, { vpcId, ingress: [], egress: [] }, v);
        const igwId = `igw-${hex(cell, 2)}`;
        const igw = add("aws:ec2/internetGateway:InternetGateway", "igw", igwId, { vpcId, tags: tags("IGW") }, v);
        const subnets = [0, 1, 2, 3].map((i) => {
            const id = `subnet-${hex(cell, 3 + i)}`;
            const urn = add("aws:ec2/subnet:Subnet", `subnet-${i}`, id, { vpcId, cidrBlock: `10.${octet}.${i}.0/24`, availabilityZone: `${region}${i % 2 === 0 ? "a" : "c"}`, mapPublicIpOnLaunch: false, tags: tags(`SN-${i}`) }, v);
            return { id, urn };
        });
        const eipId = `eipalloc-${hex(cell, 7)}`;
        const eip = add("aws:ec2/eip:Eip", "nat-eip", eipId, { domain: "vpc" });
        const natId = `nat-${hex(cell, 8)}`;
        const nat = add("aws:ec2/natGateway:NatGateway", "nat", natId, { subnetId: subnets[0].id, allocationId: eipId }, { subnetId: [subnets[0].urn], allocationId: [eip] });
        const tables = ["public", "private"].map((tier, i) => {
            const id = `rtb-${hex(cell, 9 + i)}`;
            const urn = add("aws:ec2/routeTable:RouteTable", `${tier}-rt`, id, { vpcId, tags: tags(`${tier}-RT`) }, v);
            return { id, urn };
        });
        add("aws:ec2/route:Route", "public-default", `r-${hex(cell, 11)}`, { routeTableId: tables[0].id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igwId }, { routeTableId: [tables[0].urn], gatewayId: [igw] });
        add("aws:ec2/route:Route", "private-default", `r-${hex(cell, 12)}`, { routeTableId: tables[1].id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: natId }, { routeTableId: [tables[1].urn], natGatewayId: [nat] });
        subnets.forEach((subnet, i) => {
            const table = tables[i < 2 ? 0 : 1];
            add("aws:ec2/routeTableAssociation:RouteTableAssociation", `rta-${i}`, `rtbassoc-${hex(cell, 13 + i)}`, { subnetId: subnet.id, routeTableId: table.id }, { subnetId: [subnet.urn], routeTableId: [table.urn] });
        });
        const sgId = `sg-${hex(cell, 17)}`;
        const sg = add("aws:ec2/securityGroup:SecurityGroup", "web-sg", sgId, { vpcId, description: "web", tags: tags("WEB-SG") }, v);
        for (const [i, port] of [80, 443].entries()) {
            add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `web-in-${i}`, `sgr-${hex(cell, 18 + i)}`, { securityGroupId: sgId, ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: cidr }, { securityGroupId: [sg] });
        }
        add("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "web-out", `sgr-${hex(cell, 20)}`, { securityGroupId: sgId, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }, { securityGroupId: [sg] });
        [2, 3].forEach((s, i) => {
            add(
                "aws:ec2/instance:Instance",
                `web-${i}`,
                `i-${hex(cell, 21 + i)}`,
                { ami: "ami-0123456789abcdef0", instanceType: "t3.micro", subnetId: subnets[s].id, vpcSecurityGroupIds: [sgId], associatePublicIpAddress: false, metadataOptions: { httpTokens: "required" }, tags: tags(`WEB-${i}`) },
                { subnetId: [subnets[s].urn], vpcSecurityGroupIds: [sg] },
            );
        });
        add(
            "aws:ec2/vpcEndpoint:VpcEndpoint",
            "s3",
            `vpce-${hex(cell, 23)}`,
            { vpcId, vpcEndpointType: "Gateway", serviceName: `com.amazonaws.${region}.s3`, routeTableIds: tables.map((t) => t.id) },
            { vpcId: [vpc], routeTableIds: tables.map((t) => t.urn) },
        );
        const endpointSgId = `sg-${hex(cell, 24)}`;
        const endpointSg = add("aws:ec2/securityGroup:SecurityGroup", "ssm-sg", endpointSgId, { vpcId, description: "ssm endpoint" }, v);
        add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "ssm-in", `sgr-${hex(cell, 25)}`, { securityGroupId: endpointSgId, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: cidr }, { securityGroupId: [endpointSg] });
        add(
            "aws:ec2/vpcEndpoint:VpcEndpoint",
            "ssm",
            `vpce-${hex(cell, 26)}`,
            { vpcId, vpcEndpointType: "Interface", serviceName: `com.amazonaws.${region}.ssm`, subnetIds: [subnets[2].id, subnets[3].id], securityGroupIds: [endpointSgId], privateDnsEnabled: true },
            { vpcId: [vpc], subnetIds: [subnets[2].urn, subnets[3].urn], securityGroupIds: [endpointSg] },
        );
        const groupName = `/vpc-labs/bench/flow-${cell}`;
        const groupArn = `arn:aws:logs:${region}:${account}:log-group:${groupName}`;
        const group = add("aws:cloudwatch/logGroup:LogGroup", "flow-group", groupName, { name: groupName, retentionInDays: 30 });
        added[added.length - 1].outputs!.arn = groupArn;
        const roleName = `bench-flow-role-${cell}`;
        const roleArn = `arn:aws:iam::${account}:role/${roleName}`;
        const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": account } } }] };
        const role = add("aws:iam/role:Role", "flow-role", roleName, { name: roleName, assumeRolePolicy: JSON.stringify(trust) });
        added[added.length - 1].outputs!.arn = roleArn;
        const permissions = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [groupArn, `${groupArn}:*`] }] };
        add("aws:iam/rolePolicy:RolePolicy", "flow-role-policy", `${roleName}:flow`, { role: roleName, policy: JSON.stringify(permissions) }, { role: [role] });
        add(
            "aws:ec2/flowLog:FlowLog",
            "flow",
            `fl-${hex(cell, 27)}`,
            { vpcId, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: groupArn, iamRoleArn: roleArn, maxAggregationInterval: 60 },
            { vpcId: [vpc], logDestination: [group], iamRoleArn: [role] },
        );
        resources.push({ urn: lab, custom: false, type: labType, parent: stackUrn }, ...added);
    }
    return {
        version: 3,
        deployment: {
            manifest: { time: new Date(0).toISOString(), magic: "", version: "v3.0.0" },
            // Whole cells only: a cell cut short (its flow log left out) would be a finding the
            // measurement did not ask for.
            resources,
        },
    };
}
