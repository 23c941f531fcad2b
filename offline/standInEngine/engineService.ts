import * as grpc from "@grpc/grpc-js";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";

// The generated service definitions have no typings in @pulumi/pulumi.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { EngineService } = require("@pulumi/pulumi/proto/engine_grpc_pb") as { EngineService: grpc.ServiceDefinition };

/** One message the program logged through the engine (`pulumi.log`, and the SDK's own error reports). */
export interface EngineLog {
    readonly severity: "debug" | "info" | "warning" | "error";
    readonly message: string;
    readonly urn?: string;
}

const SEVERITIES: Record<number, EngineLog["severity"]> = {
    [engproto.LogSeverity.DEBUG]: "debug",
    [engproto.LogSeverity.INFO]: "info",
    [engproto.LogSeverity.WARNING]: "warning",
    [engproto.LogSeverity.ERROR]: "error",
};

/**
 * The engine side of `pulumirpc.Engine`: keeps what the program logs (an unhandled exception
 * reaches the engine here, with the program's stack trace, before the program exits with 32)
 * and the root stack resource, which the SDK sets and reads back for parenting.
 */
export class StandInEngineService {
    readonly logs: EngineLog[] = [];
    rootUrn = "";

    addTo(server: grpc.Server): void {
        type Callback = (error: grpc.ServiceError | null, response?: unknown) => void;
        server.addService(EngineService, {
            log: (call: { request: engproto.LogRequest }, callback: Callback) => {
                const req = call.request;
                this.logs.push({ severity: SEVERITIES[req.getSeverity()] ?? "info", message: req.getMessage(), ...(req.getUrn() ? { urn: req.getUrn() } : {}) });
                callback(null, new Empty());
            },
            getRootResource: (_call: unknown, callback: Callback) => {
                const response = new engproto.GetRootResourceResponse();
                response.setUrn(this.rootUrn);
                callback(null, response);
            },
            setRootResource: (call: { request: engproto.SetRootResourceRequest }, callback: Callback) => {
                this.rootUrn = call.request.getUrn();
                callback(null, new engproto.SetRootResourceResponse());
            },
            requirePulumiVersion: (_call: unknown, callback: Callback) => callback(null, new engproto.RequirePulumiVersionResponse()),
            startDebugging: (_call: unknown, callback: Callback) => callback(null, new Empty()),
        });
    }

    /** The errors logged, in order. */
    errors(): string[] {
        return this.logs.filter((l) => l.severity === "error").map((l) => l.message);
    }
}
