import * as pulumi from "@pulumi/pulumi";
import { LabName, NetworkSlotKey } from "../config/keys";
import { StackConfig } from "../config/stackConfig";
import { Problem } from "../lib/errors";
import { LabEnvironment } from "./labEnvironment";
import { NetworkSpec } from "./labNetwork/spec";
import { NetworkProvider } from "./networkSources/provider";

/** What a built lab hands the stack: its component and the outputs a student uses. */
export interface BuiltLab {
    readonly component: pulumi.ComponentResource;
    readonly outputs: Record<string, pulumi.Input<unknown>>;
}

/** One VPC of a lab: its layout, and the config key prefix that chooses where it comes from. */
export interface NetworkSlot {
    readonly key: NetworkSlotKey;
    readonly spec: NetworkSpec;
    /** The lab puts interface endpoints with private DNS in it, which needs the VPC's DNS flags on. */
    readonly privateDns: boolean;
}

/**
 * How the program builds one lab: which part of the stack config it reads, what it refuses,
 * and how it is constructed. The program checks every chosen lab's problems before it
 * builds any, so one bad lab setting registers nothing at all.
 */
export interface LabDefinition<C> {
    readonly name: LabName;
    /** The stack-export key of the lab's outputs, e.g. `bastionSsm`. */
    readonly outputKey: string;
    configOf(config: StackConfig): C;
    /** Problems with the lab's settings that the stack config validator cannot see. */
    problems(environment: LabEnvironment, config: C): Problem[];
    /** The lab's VPCs, so the program can check and resolve their sources before building. */
    networks(environment: LabEnvironment, config: C): readonly NetworkSlot[];
    /** Builds the lab, taking each VPC from the provider of its slot. */
    build(
        name: string,
        environment: LabEnvironment,
        config: C,
        networks: Readonly<Partial<Record<NetworkSlotKey, NetworkProvider>>>,
        opts?: pulumi.ComponentResourceOptions,
    ): BuiltLab;
}

/** A definition with its config type forgotten, so definitions of different labs fit one list. */
export type AnyLabDefinition = LabDefinition<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Gives `definition` its config type back at the call site; exists so each lab file stays typed. */
export function defineLab<C>(definition: LabDefinition<C>): LabDefinition<C> {
    return definition;
}
