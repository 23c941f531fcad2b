import * as assert from "assert";
import { OfflineEngine } from "../offline/engine";
import { RecordedResource } from "../lib/records";
import { readStackConfig } from "../config/stackFiles";
import program from "../index";

/** The lab stack's program with some config keys changed, run as `pulumi up` would, offline. */
async function run(overrides: Record<string, string>): Promise<readonly RecordedResource[]> {
    const engine = await OfflineEngine.start({ stack: "lab", config: { ...readStackConfig("lab"), ...overrides } });
    await program();
    await engine.settle();
    return engine.resources;
}

/** Resources that configure a bucket (public access block, policy, lifecycle...): they name it in `bucket`. */
function childrenOfBucket(resources: readonly RecordedResource[], bucket: RecordedResource): RecordedResource[] {
    return resources.filter((r) => r !== bucket && r.type.startsWith("aws:s3/") && r.inputs.bucket === bucket.id);
}

describe("data kept when it leaves the stack", () => {
    for (const keep of [true, false]) {
        describe(`with keepDataOnDelete ${keep} and flow logs to S3 encrypted with KMS keys`, () => {
            let resources: readonly RecordedResource[];
            before(async () => {
                resources = await run({
                    "vpc-labs:keepDataOnDelete": String(keep),
                    "vpc-labs:flowLogDestination": "s3",
                    "vpc-labs:flowLogKmsKey": "true",
                });
            });

            it("keeps every bucket together with every resource that protects it, or none of them", () => {
                const buckets = resources.filter((r) => r.type === "aws:s3/bucket:Bucket");
                assert.strictEqual(buckets.length, 5, "four flow-log buckets and the endpoints lab's bucket");
                for (const bucket of buckets) {
                    const children = childrenOfBucket(resources, bucket);
                    assert.ok(children.length >= 4, `${bucket.name} has its public access block, ownership, encryption and policy`);
                    assert.deepStrictEqual(
                        [bucket, ...children].map((r) => `${r.type} ${r.name}: ${r.retainOnDelete}`),
                        [bucket, ...children].map((r) => `${r.type} ${r.name}: ${keep}`),
                    );
                }
            });

            it("keeps every flow-log bucket's public access block, ownership, encryption, lifecycle and policy", () => {
                const flowLogBuckets = resources.filter((r) => r.type === "aws:s3/bucket:Bucket" && r.name.endsWith("-flow-logs-bucket"));
                assert.strictEqual(flowLogBuckets.length, 4);
                for (const bucket of flowLogBuckets) {
                    assert.deepStrictEqual(childrenOfBucket(resources, bucket).map((r) => r.type).sort(), [
                        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
                        "aws:s3/bucketPolicy:BucketPolicy",
                        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    ]);
                }
            });

            it("keeps every KMS key (and any alias) exactly when the data it encrypts is kept", () => {
                const keys = resources.filter((r) => r.type.startsWith("aws:kms/"));
                assert.strictEqual(keys.filter((r) => r.type === "aws:kms/key:Key").length, 4, "one per flow-log destination");
                assert.deepStrictEqual(keys.filter((r) => r.retainOnDelete !== keep).map((r) => r.name), []);
            });
        });
    }

    it("keeps the flow-log groups and their KMS keys with keepDataOnDelete, and nothing else of the flow logs", async () => {
        const resources = await run({ "vpc-labs:flowLogKmsKey": "true" });
        const data = resources.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup" || r.type === "aws:kms/key:Key");
        assert.strictEqual(data.length, 8, "a log group and a key per VPC");
        assert.deepStrictEqual(data.filter((r) => !r.retainOnDelete).map((r) => r.name), []);
        // Roles, policies and the flow logs themselves hold no data: they go with the stack.
        const kept = resources.filter((r) => r.retainOnDelete).map((r) => r.type);
        assert.deepStrictEqual([...new Set(kept)].sort(), [
            "aws:cloudwatch/logGroup:LogGroup",
            "aws:kms/key:Key",
            "aws:s3/bucket:Bucket",
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
            "aws:s3/bucketPolicy:BucketPolicy",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        ]);
    });
});
