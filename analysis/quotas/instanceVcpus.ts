/**
 * Default vCPUs of the instance types a lab stack is likely to use (burstable and the small
 * general-purpose sizes), from `aws ec2 describe-instance-types --query
 * 'InstanceTypes[].[InstanceType,VCpuInfo.DefaultVCpus]'`. Every burstable size from nano to
 * large has 2 vCPUs; xlarge 4; 2xlarge 8.
 */
const BURSTABLE_FAMILIES = ["t2", "t3", "t3a", "t4g"];
const BURSTABLE_SIZES: Readonly<Record<string, number>> = { nano: 1, micro: 1, small: 1, medium: 2, large: 2, xlarge: 4, "2xlarge": 8 };
/** t2's nano, micro and small have 1 vCPU; t3, t3a and t4g have 2 from nano up. */
const T3_SIZES: Readonly<Record<string, number>> = { nano: 2, micro: 2, small: 2, medium: 2, large: 2, xlarge: 4, "2xlarge": 8 };
/** General-purpose and compute families: large 2, xlarge 4, then doubling. */
const SIZED: Readonly<Record<string, number>> = { medium: 1, large: 2, xlarge: 4, "2xlarge": 8, "4xlarge": 16, "8xlarge": 32 };

/**
 * The families counted by the On-Demand Standard quota (L-1216C47A): A, C, D, H, I, M, R, T
 * and Z. G, P, F, X, Inf, Trn, DL, HPC and Mac instances have quotas of their own.
 */
export function isStandardFamily(instanceType: string): boolean {
    return /^[acdhimrtz]/.test(instanceType) && !/^(inf|trn|dl|hpc|mac)/.test(instanceType);
}

/** The default vCPUs of an instance type, or undefined when this table does not know it. */
export function instanceVcpus(instanceType: string): number | undefined {
    const [family, size] = instanceType.split(".");
    if (family === "t2") {
        return BURSTABLE_SIZES[size];
    }
    if (BURSTABLE_FAMILIES.includes(family)) {
        return T3_SIZES[size];
    }
    if (/^(m|c|r)[5-8][a-z]*$/.test(family)) {
        return SIZED[size];
    }
    return undefined;
}
