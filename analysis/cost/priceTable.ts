/**
 * On-demand list prices (USD) of what the labs create, per Region. Every price names its
 * source page and how it was established:
 *
 * - `pricing-page`: the figure was read from the AWS pricing page named (or a copy of it)
 *   on {@link PRICES_CHECKED};
 * - `best-knowledge`: the page renders the figure per Region with a script that no stored
 *   copy carries, so the figure is this project's best knowledge of the list price on that
 *   date. Check the page before you rely on it; a pull request that corrects a figure
 *   should change `basis` to `pricing-page`.
 *
 * A Region missing here is reported as "no price table", never priced as another Region.
 * The README's cost table is generated from this file (`npx tsx tools/writeCostTable.ts`).
 */

export const PRICES_CHECKED = "2026-12-03";

/** Billing hours the 30-day figure uses; AWS bills per hour (per second for Linux instances). */
export const HOURS_PER_30_DAYS = 720;
/** Hours AWS divides a monthly price by (KMS keys, EBS GB-months): 8,760 / 12. */
export const HOURS_PER_BILLING_MONTH = 730;

export type PriceBasis = "pricing-page" | "best-knowledge";

/** Where a figure comes from. */
export interface Provenance {
    readonly source: string;
    readonly basis: PriceBasis;
}

export interface Price extends Provenance {
    readonly usd: number;
}

export const SOURCES = {
    ec2: "https://aws.amazon.com/ec2/pricing/on-demand/",
    ebs: "https://aws.amazon.com/ebs/pricing/",
    privateLink: "https://aws.amazon.com/privatelink/pricing/",
    vpc: "https://aws.amazon.com/vpc/pricing/",
    elb: "https://aws.amazon.com/elasticloadbalancing/pricing/",
    kms: "https://aws.amazon.com/kms/pricing/",
    cloudWatch: "https://aws.amazon.com/cloudwatch/pricing/",
    s3: "https://aws.amazon.com/s3/pricing/",
    instanceConnectEndpoint: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/connect-with-ec2-instance-connect-endpoint.html",
    gatewayEndpoints: "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
} as const;

export interface RegionPrices {
    readonly name: string;
    /** Linux, shared tenancy, per instance-hour, by instance type. */
    readonly instanceHour: Readonly<Record<string, number>>;
    readonly instanceSource: Provenance;
    /** Per GB-month of EBS volume, by volume type. */
    readonly ebsGbMonth: Readonly<Record<string, number>>;
    readonly ebsSource: Provenance;
    /** Per interface endpoint per Availability Zone (per ENI) and hour. */
    readonly interfaceEndpointAzHour: Price;
    readonly interfaceEndpointGb: Price;
    readonly natGatewayHour: Price;
    readonly natGatewayGb: Price;
    readonly networkLoadBalancerHour: Price;
    readonly networkLoadBalancerNlcuHour: Price;
    /** Per in-use or idle public IPv4 address (instances, Elastic IPs, internet-facing load balancers). */
    readonly publicIpv4Hour: Price;
    /** Per customer managed key and month, prorated by the hour. */
    readonly kmsKeyMonth: Price;
}

const INSTANCE_TYPES = [
    ...["t2", "t3", "t3a", "t4g"].flatMap((family) => ["nano", "micro", "small", "medium", "large"].map((size) => `${family}.${size}`)),
    ...["m5", "m6i", "m6a", "m6g", "m7i", "m7g", "c5", "c6i", "c6a", "c6g", "c7i", "c7g"].map((family) => `${family}.large`),
];

/** Graviton families whose smallest size is medium: priced at half their large, as AWS prices sizes linearly within a family. */
const MEDIUM_FROM_LARGE = ["m6g", "m7g", "c6g", "c7g"];

/** Instance prices in {@link INSTANCE_TYPES} order, plus the medium sizes derived from them. */
function instancePrices(hourly: readonly number[]): Record<string, number> {
    if (hourly.length !== INSTANCE_TYPES.length) {
        throw new Error(`price table: ${hourly.length} instance prices for ${INSTANCE_TYPES.length} instance types`);
    }
    const prices: Record<string, number> = Object.fromEntries(INSTANCE_TYPES.map((type, i) => [type, hourly[i]]));
    for (const family of MEDIUM_FROM_LARGE) {
        prices[`${family}.medium`] = Math.round((prices[`${family}.large`] / 2) * 1e6) / 1e6;
    }
    return prices;
}

const known = (usd: number, source: string): Price => ({ usd, source, basis: "best-knowledge" });
const read = (usd: number, source: string): Price => ({ usd, source, basis: "pricing-page" });

export const REGION_PRICES: Readonly<Record<string, RegionPrices>> = {
    "ap-northeast-2": {
        name: "Asia Pacific (Seoul)",
        instanceHour: instancePrices([
            // t2 nano..large, t3, t3a, t4g
            0.0072, 0.0144, 0.0288, 0.0576, 0.1152, 0.0065, 0.013, 0.026, 0.052, 0.104, 0.0059, 0.0117, 0.0234, 0.0468, 0.0936, 0.0052, 0.0104, 0.0208,
            0.0416, 0.0832,
            // m5 m6i m6a m6g m7i m7g c5 c6i c6a c6g c7i c7g (.large)
            0.118, 0.118, 0.1062, 0.094, 0.1239, 0.1003, 0.096, 0.096, 0.0864, 0.077, 0.1008, 0.0817,
        ]),
        instanceSource: { source: SOURCES.ec2, basis: "best-knowledge" },
        ebsGbMonth: { gp3: 0.0912, gp2: 0.114 },
        ebsSource: { source: SOURCES.ebs, basis: "best-knowledge" },
        interfaceEndpointAzHour: known(0.013, SOURCES.privateLink),
        interfaceEndpointGb: known(0.01, SOURCES.privateLink),
        natGatewayHour: known(0.059, SOURCES.vpc),
        natGatewayGb: known(0.059, SOURCES.vpc),
        networkLoadBalancerHour: known(0.0225, SOURCES.elb),
        networkLoadBalancerNlcuHour: known(0.006, SOURCES.elb),
        publicIpv4Hour: read(0.005, SOURCES.vpc),
        kmsKeyMonth: read(1, SOURCES.kms),
    },
    "us-east-1": {
        name: "US East (N. Virginia)",
        instanceHour: instancePrices([
            0.0058, 0.0116, 0.023, 0.0464, 0.0928, 0.0052, 0.0104, 0.0208, 0.0416, 0.0832, 0.0047, 0.0094, 0.0188, 0.0376, 0.0752, 0.0042, 0.0084, 0.0168,
            0.0336, 0.0672,
            0.096, 0.096, 0.0864, 0.077, 0.1008, 0.0816, 0.085, 0.085, 0.0765, 0.068, 0.08925, 0.0725,
        ]),
        instanceSource: { source: SOURCES.ec2, basis: "best-knowledge" },
        ebsGbMonth: { gp3: 0.08, gp2: 0.1 },
        ebsSource: { source: SOURCES.ebs, basis: "best-knowledge" },
        interfaceEndpointAzHour: known(0.01, SOURCES.privateLink),
        interfaceEndpointGb: read(0.01, SOURCES.privateLink),
        // The page's worked example (US East, Ohio) shows $0.045 per hour and per GB; N. Virginia has the same rate.
        natGatewayHour: known(0.045, SOURCES.vpc),
        natGatewayGb: known(0.045, SOURCES.vpc),
        networkLoadBalancerHour: known(0.0225, SOURCES.elb),
        networkLoadBalancerNlcuHour: known(0.006, SOURCES.elb),
        publicIpv4Hour: read(0.005, SOURCES.vpc),
        kmsKeyMonth: read(1, SOURCES.kms),
    },
    "eu-west-1": {
        name: "Europe (Ireland)",
        instanceHour: instancePrices([
            0.0063, 0.0126, 0.025, 0.05, 0.1008, 0.0057, 0.0114, 0.0228, 0.0456, 0.0912, 0.0051, 0.0102, 0.0204, 0.0408, 0.0816, 0.0046, 0.0092, 0.0184,
            0.0368, 0.0736,
            0.107, 0.107, 0.0963, 0.086, 0.1124, 0.0912, 0.096, 0.096, 0.0864, 0.0768, 0.1008, 0.0816,
        ]),
        instanceSource: { source: SOURCES.ec2, basis: "best-knowledge" },
        ebsGbMonth: { gp3: 0.088, gp2: 0.11 },
        ebsSource: { source: SOURCES.ebs, basis: "best-knowledge" },
        interfaceEndpointAzHour: known(0.011, SOURCES.privateLink),
        interfaceEndpointGb: read(0.01, SOURCES.privateLink),
        natGatewayHour: known(0.048, SOURCES.vpc),
        natGatewayGb: known(0.048, SOURCES.vpc),
        networkLoadBalancerHour: known(0.0252, SOURCES.elb),
        networkLoadBalancerNlcuHour: known(0.006, SOURCES.elb),
        publicIpv4Hour: read(0.005, SOURCES.vpc),
        kmsKeyMonth: read(1, SOURCES.kms),
    },
};

/** What is free in every Region, with the page that says so. */
export const FREE = {
    gatewayEndpoint: SOURCES.gatewayEndpoints,
    instanceConnectEndpoint: SOURCES.instanceConnectEndpoint,
    /** The provider of an endpoint service pays for its load balancer, not for the service. */
    endpointService: SOURCES.privateLink,
} as const;

/** The root volume size Amazon Linux 2023 images give an instance when `rootBlockDevice` does not. */
export const AL2023_ROOT_VOLUME_GIB = 8;
export const AL2023_ROOT_VOLUME_TYPE = "gp3";

export function regionPrices(region: string): RegionPrices | undefined {
    return Object.prototype.hasOwnProperty.call(REGION_PRICES, region) ? REGION_PRICES[region] : undefined;
}

export const PRICED_INSTANCE_TYPES: readonly string[] = [...INSTANCE_TYPES, ...MEDIUM_FROM_LARGE.map((family) => `${family}.medium`)];
