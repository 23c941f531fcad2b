import { EndpointsLabConfig } from "../../config/stackConfig";
import { hasReached } from "../../config/stages";
import { endpointsStageOf } from "../stageRules";

/** The interface endpoints Session Manager needs on an instance with no internet route (SSM Agent 3.3.40.0 and later no longer needs ec2messages). */
export const SESSION_MANAGER_SERVICES = ["ssm", "ssmmessages"] as const;

/** One interface endpoint the lab builds, with the config key it comes from. */
export interface InterfaceService {
    readonly service: string;
    /** `vpc-labs:endpointsInterfaceServices[i]`, or `vpc-labs:endpointsPrivateInstanceAccess` for the Session Manager ones. */
    readonly key: string;
}

/**
 * The lab's interface endpoints: the configured services, then the Session Manager ones the
 * private instance needs when it is reached with Session Manager (once each, if also listed).
 */
export function interfaceServicesOf(config: EndpointsLabConfig): InterfaceService[] {
    // The configured services are the lesson of the interface stage; the Session Manager ones
    // are the way in to the private instance, needed at every stage.
    const lesson = hasReached("endpoints", endpointsStageOf(config), "interface") ? config.interfaceServices : [];
    const configured = lesson.map((service, i) => ({ service, key: `vpc-labs:endpointsInterfaceServices[${i}]` }));
    const access =
        config.privateInstanceAccess === "session-manager"
            ? SESSION_MANAGER_SERVICES.filter((s) => !lesson.includes(s)).map((service) => ({ service, key: "vpc-labs:endpointsPrivateInstanceAccess" }))
            : [];
    return [...configured, ...access];
}
