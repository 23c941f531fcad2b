import { RecordedResource } from "../../../lib/records";
import { nameTag, props } from "../resourceGraph";
import { T, str } from "./resourceTypes";

/** How the diagram names things: multi-line node labels built from tags, names and types. */

export function destinationLabel(resource: RecordedResource): string {
    const p = props(resource);
    if (resource.type === T.logGroup) {
        const retention = typeof p.retentionInDays === "number" && p.retentionInDays > 0 ? `retention ${p.retentionInDays} d` : "kept forever";
        return lines(nameTag(resource) ?? str(p.name) ?? resource.name, `CloudWatch log group · ${retention}`);
    }
    return lines(nameTag(resource) ?? str(p.bucket) ?? resource.name, "S3 bucket");
}

/** `cloudformation` for `com.amazonaws.<region>.cloudformation`; the service ID of a PrivateLink service name. */
export function serviceShortName(serviceName: string): string {
    const parts = serviceName.split(".");
    if (parts[0] === "com" && parts[1] === "amazonaws" && parts[2] === "vpce") {
        return parts.slice(4).join(".") || serviceName;
    }
    return parts.length > 3 ? parts.slice(3).join(".") : serviceName;
}

export function shortType(type: string): string {
    return type.split(":").pop() ?? type;
}

export function lines(...parts: (string | undefined)[]): string {
    return parts.filter((p): p is string => p !== undefined && p !== "").join("\n");
}
