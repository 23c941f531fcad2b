import Mocha from "mocha";

/**
 * Mocha's dot reporter plus one closing line in the plain `N passed, N failed` form, which
 * tools that read test output (CI among them) recognise in any language.
 */
class SummaryReporter extends Mocha.reporters.Dot {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
        super(runner, options);
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            const { passes, failures, pending } = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
            process.stdout.write(`mocha: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ""}\n`);
        });
    }
}

export = SummaryReporter;
