/**
 * Bucket policy statements every bucket of the package carries.
 */

/** Refuses plain-HTTP requests to the bucket and its objects (AWS Foundational Security Best Practices S3.5). */
export function denyInsecureTransport(bucketArn: string): Record<string, unknown> {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}
