import { PolicyPack } from "@pulumi/policy";
import { PACK_DESCRIPTION, PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES } from "./policies";

// The entry point `pulumi preview --policy-pack policy` runs. Constructing the pack starts the
// analyzer's gRPC server and keeps the process alive, so nothing else may import this file.
new PolicyPack(PACK_NAME, {
    policies: [...POLICIES],
    enforcementLevel: PACK_ENFORCEMENT_LEVEL,
    description: PACK_DESCRIPTION,
});
