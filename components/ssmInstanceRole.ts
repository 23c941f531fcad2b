import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Tags, mergeTags } from "../lib/tags";

export interface SsmInstanceRoleArgs {
    /** The role's Name tag, e.g. `IMD-EC2RoleforSSM`. */
    readonly nameTag: string;
    /** AWS partition, for the managed policy ARN. @default "aws" */
    readonly partition?: string;
    /** @default {} */
    readonly tags?: Tags;
}

/** The managed policy Session Manager needs; replaces the deprecated AmazonEC2RoleforSSM. */
export function ssmManagedInstanceCoreArn(partition: string): string {
    return `arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`;
}

/**
 * An instance role and profile that let Systems Manager manage an instance (Session Manager,
 * no SSH keys), with nothing else. Attached at launch, so no reboot step is needed.
 */
export class SsmInstanceRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly instanceProfile: aws.iam.InstanceProfile;

    constructor(name: string, args: SsmInstanceRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("vpc-labs:compute:SsmInstanceRole", name, {}, opts);
        const tags = mergeTags(undefined, args.tags, args.nameTag);
        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                description: "Lets lab instances register with Systems Manager (Session Manager)",
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
                tags,
            },
            { parent: this },
        );
        new aws.iam.RolePolicyAttachment(
            `${name}-ssm-core`,
            { role: this.role.name, policyArn: ssmManagedInstanceCoreArn(args.partition ?? "aws") },
            { parent: this },
        );
        this.instanceProfile = new aws.iam.InstanceProfile(`${name}-profile`, { role: this.role.name, tags }, { parent: this });
        this.registerOutputs({ roleArn: this.role.arn, instanceProfileName: this.instanceProfile.name });
    }
}
