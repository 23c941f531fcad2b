/**
 * Amazon Linux 2023 images, resolved from the public SSM parameters AWS maintains (Amazon
 * Linux 2, which the original labs use, left standard support on 2026-06-30).
 */

export type Architecture = "x86_64" | "arm64";

/**
 * The CPU architecture of an instance type: Graviton families carry a `g` after the
 * generation number (t4g, m7g, c7gn, r8g, x2gd, im4gn), plus the first-generation a1.
 */
export function architectureOf(instanceType: string): Architecture {
    const family = instanceType.split(".")[0];
    return /^[a-z]+\d+g[a-z]*$/.test(family) || family === "a1" ? "arm64" : "x86_64";
}

/** The SSM parameter that holds the latest Amazon Linux 2023 AMI ID for an architecture. */
export function al2023Parameter(architecture: Architecture): string {
    return `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`;
}
