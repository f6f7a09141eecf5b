package io.eidhub.it.theme;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips the browser test (reported as skipped with the reason, never failed) when Chromium or ChromeDriver is not
 * installed. Evaluated before any callback of the class, so no Keycloak is started for a class that cannot run.
 *
 * <p>An execution condition rather than an assumption in {@code @BeforeAll}: Maven Failsafe 3.5 reports a class
 * aborted by an assumption as "Tests run: 0" with no message, whereas a disabled class shows every test as skipped
 * with the reason below in the console and in the report.
 */
final class RequiresChromium implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = Chromium.missing();
        if (missing == null) {
            return ConditionEvaluationResult.enabled("Chromium and ChromeDriver are installed");
        }
        String reason = "Browser test skipped: " + missing;
        if (context.getTestMethod().isEmpty()) {
            System.out.println("[eidhub-it] " + context.getDisplayName() + ": " + reason); // once per class, in the build log
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
