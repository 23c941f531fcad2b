import { stableHex } from "./stableHex";

/** The Route 53 zone AWS serves `*.vpce.amazonaws.com` names from in ap-northeast-2 (the fake uses it for every region). */
const VPCE_HOSTED_ZONE = "Z27UANNT0PRK1T";

/**
 * The DNS entries AWS gives an interface endpoint: the regional name, then one zonal name per
 * endpoint subnet naming that subnet's own Availability Zone
 * (`vpce-<id>-<suffix>-ap-northeast-2c.ssm.ap-northeast-2.vpce.amazonaws.com`), then the
 * service's own name when private DNS is on. A subnet whose zone is unknown gets no zonal name.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-dns-hostnames
 */
export function interfaceEndpointDnsEntries(
    id: string,
    serviceName: string,
    region: string,
    subnetZones: readonly (string | undefined)[],
    privateDnsEnabled: boolean,
): { dnsName: string; hostedZoneId: string }[] {
    const awsService = serviceName.startsWith("com.amazonaws.vpce.") ? "" : serviceName.split(".").slice(3).join(".");
    const suffix = stableHex(`${id}-dns`, 8);
    // An endpoint service of one's own is named by its ID (vpce-svc-...); an AWS service by its short name.
    const domain = `${awsService || serviceName.split(".").pop()}.${region}.vpce.amazonaws.com`;
    const entries = [
        { dnsName: `${id}-${suffix}.${domain}`, hostedZoneId: VPCE_HOSTED_ZONE },
        ...subnetZones.filter((zone): zone is string => typeof zone === "string" && zone !== "").map((zone) => ({ dnsName: `${id}-${suffix}-${zone}.${domain}`, hostedZoneId: VPCE_HOSTED_ZONE })),
    ];
    if (privateDnsEnabled && awsService) {
        entries.push({ dnsName: `${awsService}.${region}.amazonaws.com`, hostedZoneId: `Z${stableHex(`${id}-phz`, 12).toUpperCase()}` });
    }
    return entries;
}
