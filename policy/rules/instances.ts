import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { isUnknown } from "../../analysis/stack/knowable";
import { subnetIsPublic } from "../lib/routing";
import { validateKnowableResourceOfType, validateStackIndex } from "../lib/ruleKit";
import { soleReferent, StackIndex, StackNode } from "../../analysis/stack/stackIndex";
import { decodeBase64UserData, unsafeUserDataFindings } from "../lib/userData";

/** What a message says is wrong with `metadataOptions`, or undefined when IMDSv1 is off (or unknown). */
function imdsv1Finding(metadataOptions: unknown): string | undefined {
    if (isUnknown(metadataOptions)) {
        return undefined;
    }
    const { httpTokens, httpEndpoint } = (metadataOptions ?? {}) as Record<string, unknown>;
    // With the metadata endpoint off there is no IMDS at all, so no IMDSv1 either.
    if (httpTokens === "required" || httpEndpoint === "disabled" || isUnknown(httpTokens) || isUnknown(httpEndpoint)) {
        return undefined;
    }
    return httpTokens === undefined ? "metadataOptions.httpTokens is not set, so IMDSv1 stays on unless the AMI turns it off" : `metadataOptions.httpTokens is "${String(httpTokens)}"`;
}

const IMDSV2_FIX = 'set metadataOptions: { httpTokens: "required" }';

export const instanceImdsv2Required: ResourceValidationPolicy = {
    name: "instance-imdsv2-required",
    description: "Checks that every EC2 instance and launch template requires IMDSv2 (session tokens) for instance metadata.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateKnowableResourceOfType(aws.ec2.Instance, (instance, args, reportViolation) => {
            const finding = imdsv1Finding(instance.metadataOptions);
            if (finding) {
                reportViolation(`Instance "${args.name}" must require IMDSv2; ${finding}: ${IMDSV2_FIX}.`);
            }
        }),
        validateKnowableResourceOfType(aws.ec2.LaunchTemplate, (template, args, reportViolation) => {
            const finding = imdsv1Finding(template.metadataOptions);
            if (finding) {
                reportViolation(`Launch template "${args.name}" must require IMDSv2; ${finding}: ${IMDSV2_FIX}.`);
            }
        }),
    ],
};

function checkUserData(subject: string, script: string | undefined, reportViolation: (message: string) => void): void {
    const findings = script === undefined ? [] : unsafeUserDataFindings(script);
    if (findings.length > 0) {
        reportViolation(
            `${subject} user data must not set passwords or enable root or password SSH login; it ${findings.join(", ")}: ` +
                "remove those lines and reach the instance with Session Manager or EC2 Instance Connect.",
        );
    }
}

export const userDataNoPasswords: ResourceValidationPolicy = {
    name: "user-data-no-passwords",
    description: "Checks that instance and launch template user data sets no passwords and enables no root or password SSH login.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateKnowableResourceOfType(aws.ec2.Instance, (instance, args, reportViolation) => {
            const plain = typeof instance.userData === "string" ? instance.userData : undefined;
            const encoded = typeof instance.userDataBase64 === "string" ? decodeBase64UserData(instance.userDataBase64) : undefined;
            checkUserData(`Instance "${args.name}"`, [plain, encoded].filter((s) => s !== undefined).join("\n") || undefined, reportViolation);
        }),
        validateKnowableResourceOfType(aws.ec2.LaunchTemplate, (template, args, reportViolation) => {
            // Launch template user data is base64 by API contract; plain text is checked as written.
            const userData = typeof template.userData === "string" ? (decodeBase64UserData(template.userData) ?? template.userData) : undefined;
            checkUserData(`Launch template "${args.name}"`, userData, reportViolation);
        }),
    ],
};

export const privateSubnetInstanceNoPublicIp: StackValidationPolicy = {
    name: "private-subnet-instance-no-public-ip",
    description: "Checks that no instance in a private subnet (no default route to an internet gateway) gets a public IP address.",
    enforcementLevel: "mandatory",
    validateStack: validateStackIndex((index, _args, reportViolation) => {
        for (const instance of index.ofType(aws.ec2.Instance)) {
            const subnet = soleReferent(index.referencedBy(instance, "subnetId", [aws.ec2.Subnet]));
            if (!subnet || subnetIsPublic(index, subnet) !== false) {
                continue;
            }
            for (const { finding, fix } of publicAddressSources(index, instance, subnet)) {
                reportViolation(
                    `Instance "${instance.name}" in private subnet "${subnet.name}" must not get a public IP; ${finding}: ${fix}.`,
                    instance.urn,
                );
            }
        }
    }),
};

/** Everything that gives the instance a public address, each with its fix. */
function publicAddressSources(index: StackIndex, instance: StackNode, subnet: StackNode): { finding: string; fix: string }[] {
    const sources: { finding: string; fix: string }[] = [];
    const associate = instance.props.associatePublicIpAddress;
    if (associate === true) {
        sources.push({ finding: "associatePublicIpAddress is true", fix: "set associatePublicIpAddress: false" });
    } else if (associate === undefined && subnet.props.mapPublicIpOnLaunch === true) {
        sources.push({
            finding: "its subnet has mapPublicIpOnLaunch on",
            fix: "set mapPublicIpOnLaunch: false on the subnet or associatePublicIpAddress: false on the instance",
        });
    }
    const elasticIps = [...index.referrersOf(instance, [aws.ec2.Eip], "instance"), ...index.referrersOf(instance, [aws.ec2.EipAssociation], "instanceId")];
    for (const eip of elasticIps) {
        sources.push({ finding: `Elastic IP "${eip.name}" is attached to it`, fix: "remove the Elastic IP; use a NAT gateway for outbound traffic" });
    }
    return sources;
}
