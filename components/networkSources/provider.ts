import * as pulumi from "@pulumi/pulumi";
import { LabEnvironment } from "../labEnvironment";
import { LabNetwork } from "../labNetwork";
import { NetworkSpec } from "../labNetwork/spec";
import { NetworkRef } from "../networkRef";

/**
 * Builds or finds the network for one of a lab's VPCs, as a child of the lab, and hands the
 * lab a NetworkRef. Labs call it with their own spec and never learn which source it was.
 */
export type NetworkProvider = (name: string, spec: NetworkSpec, environment: LabEnvironment, opts: pulumi.ComponentResourceOptions) => NetworkRef;

/** The package's own network: every resource of the spec, exactly. */
export const nativeNetwork: NetworkProvider = (name, spec, environment, opts) => new LabNetwork(name, { ...spec, environment }, opts).ref;
