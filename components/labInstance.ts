import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { al2023Parameter, architectureOf } from "../lib/ami";
import { Tags, mergeTags } from "../lib/tags";

export interface LabInstanceArgs {
    /** The AWS Name tag, e.g. `PRIVATE-01`. */
    readonly nameTag: string;
    readonly subnetId: pulumi.Input<string>;
    readonly securityGroupIds: readonly pulumi.Input<string>[];
    /** e.g. t3.micro; Graviton types get the arm64 image. */
    readonly instanceType: string;
    /** Instance profile attached at launch (Session Manager needs it from the first boot). */
    readonly instanceProfileName: pulumi.Input<string>;
    /** Ask for a public IP (only in a public subnet). @default false */
    readonly associatePublicIpAddress?: boolean;
    /** Shell script run once at first boot. @default none */
    readonly userData?: pulumi.Input<string>;
    /** @default {} */
    readonly tags?: Tags;
}

/**
 * One lab instance: Amazon Linux 2023, IMDSv2 required, no key pair and no password
 * (reached with Session Manager or EC2 Instance Connect), encrypted root volume.
 */
export class LabInstance extends pulumi.ComponentResource {
    readonly instance: aws.ec2.Instance;
    readonly instanceId: pulumi.Output<string>;
    readonly privateIp: pulumi.Output<string>;
    readonly publicIp: pulumi.Output<string>;

    constructor(name: string, args: LabInstanceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("vpc-labs:compute:LabInstance", name, {}, opts);
        const ami = aws.ssm.getParameterOutput({ name: al2023Parameter(architectureOf(args.instanceType)) }, { parent: this });
        this.instance = new aws.ec2.Instance(
            `${name}-instance`,
            {
                ami: ami.value,
                instanceType: args.instanceType,
                subnetId: args.subnetId,
                vpcSecurityGroupIds: [...args.securityGroupIds],
                iamInstanceProfile: args.instanceProfileName,
                associatePublicIpAddress: args.associatePublicIpAddress ?? false,
                userData: args.userData,
                metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
                rootBlockDevice: { encrypted: true, volumeType: "gp3" },
                tags: mergeTags(undefined, args.tags, args.nameTag),
                volumeTags: mergeTags(undefined, args.tags, `${args.nameTag}-root`),
            },
            // The parameter moves to each new AMI release; without this every `pulumi up`
            // after a release would replace the lab's instances.
            { parent: this, ignoreChanges: ["ami"] },
        );
        this.instanceId = this.instance.id;
        this.privateIp = this.instance.privateIp;
        this.publicIp = this.instance.publicIp;
        this.registerOutputs({ instanceId: this.instanceId, privateIp: this.privateIp });
    }
}
