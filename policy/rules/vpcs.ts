import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { isPrivateCidr, PRIVATE_RANGES } from "../../lib/cidr";
import { AWSX_VPC_TYPE } from "../../analysis/stack/awsxVpcs";
import { validateKnowableResourceOfType } from "../lib/ruleKit";

const RANGES_TEXT = `${PRIVATE_RANGES.slice(0, -1).join(", ")} or ${PRIVATE_RANGES[PRIVATE_RANGES.length - 1]}`;

function checkCidr(subject: string, cidr: unknown, reportViolation: (message: string) => void): void {
    // No cidrBlock: the VPC takes its block from IPAM, which is not visible here.
    if (typeof cidr === "string" && !isPrivateCidr(cidr)) {
        reportViolation(
            `${subject} must use a private CIDR block (${RANGES_TEXT}); it uses ${cidr}, which is publicly routable: choose a block inside one of those ranges.`,
        );
    }
}

export const vpcCidrPrivate: ResourceValidationPolicy = {
    name: "vpc-cidr-private",
    description: "Checks that every VPC CIDR block (primary or secondary) lies in a private range: RFC 1918 or 100.64.0.0/10.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateKnowableResourceOfType(aws.ec2.Vpc, (vpc, args, reportViolation) => checkCidr(`VPC "${args.name}"`, vpc.cidrBlock, reportViolation)),
        validateKnowableResourceOfType(aws.ec2.VpcIpv4CidrBlockAssociation, (association, args, reportViolation) =>
            checkCidr(`VPC CIDR association "${args.name}"`, association.cidrBlock, reportViolation),
        ),
        // awsx's VPC component takes the block as an input before it creates the VPC.
        (args, reportViolation) => {
            if (args.type === AWSX_VPC_TYPE) {
                checkCidr(`awsx VPC "${args.name}"`, args.props.cidrBlock, reportViolation);
            }
        },
    ],
};
