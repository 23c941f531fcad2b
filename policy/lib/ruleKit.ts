import {
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    StackValidation,
    StackValidationArgs,
    validateResourceOfType,
} from "@pulumi/policy";
import { Resource, Unwrap } from "@pulumi/pulumi";
import { KnowableProps, knowableProps } from "../../analysis/stack/knowable";
import { providerShaped } from "../../analysis/stack/providerShapes";
import { StackIndex } from "../../analysis/stack/stackIndex";

/**
 * `validateResourceOfType` (so the CLI still skips other types without calling the rule),
 * with the props copied to knowable data first (see {@link KnowableProps}), in the shapes the
 * provider stores them (see {@link providerShaped}).
 */
export function validateKnowableResourceOfType<TResource extends Resource, TArgs>(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    resourceClass: new (name: string, args: TArgs, ...rest: any[]) => TResource,
    validate: (props: KnowableProps<Unwrap<NonNullable<TArgs>>>, args: ResourceValidationArgs, reportViolation: ReportViolation) => void,
): ResourceValidation {
    return validateResourceOfType(resourceClass, (props, args, reportViolation) =>
        validate(providerShaped(args.type, knowableProps<Unwrap<NonNullable<TArgs>>>(props)), args, reportViolation),
    );
}

/** Indexes by resource list, so policies handed the same list (the in-process analyzer) share one. */
const indexes = new WeakMap<readonly unknown[], StackIndex>();

/** A stack validation that reads the stack through a {@link StackIndex}. */
export function validateStackIndex(validate: (index: StackIndex, args: StackValidationArgs, reportViolation: ReportViolation) => void): StackValidation {
    return (args, reportViolation) => {
        let index = indexes.get(args.resources);
        if (!index) {
            index = new StackIndex(args.resources);
            indexes.set(args.resources, index);
        }
        validate(index, args, reportViolation);
    };
}

/**
 * The policy's config: the CLI fills in schema defaults before it configures the pack, but
 * an older CLI or a caller that skips that step gets the defaults from the schema here.
 */
export function readConfig<T extends object>(args: { getConfig<C extends object>(): C }, schema: PolicyConfigSchema): T {
    const defaults = Object.fromEntries(
        Object.entries(schema.properties)
            .filter(([, property]) => property.default !== undefined)
            .map(([key, property]) => [key, property.default]),
    );
    return { ...defaults, ...args.getConfig<Partial<T>>() } as T;
}
