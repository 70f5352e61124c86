package dev.shadowtx.benchmarks.app;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Prints, once the context has started, the main thread's CPU time and what the start made: bean
 * definitions, condition evaluations (those of {@code @ConditionalOnBean} and
 * {@code @ConditionalOnMissingBean} apart) and classes loaded, so that variants of one application
 * can be held side by side without Spring's startup steps timing themselves.
 */
final class StartupCounts {

    private StartupCounts() {}

    static void print(ConfigurableApplicationContext context, PrintStream out) {
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        int conditions = 0;
        int onBean = 0;
        ConditionEvaluationReport report = ConditionEvaluationReport.get(context.getBeanFactory());
        for (ConditionEvaluationReport.ConditionAndOutcomes outcomes :
                report.getConditionAndOutcomesBySource().values()) {
            for (ConditionEvaluationReport.ConditionAndOutcome outcome : outcomes) {
                conditions++;
                if (outcome.getCondition().getClass().getSimpleName().equals("OnBeanCondition")) {
                    onBean++;
                }
            }
        }
        out.printf(
                Locale.ROOT,
                "startup counts: main thread CPU %.1f ms, %d bean definitions, %d conditions evaluated "
                        + "(%d on beans), %d classes loaded%n",
                cpu / 1e6,
                context.getBeanFactory().getBeanDefinitionCount(),
                conditions,
                onBean,
                ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
    }
}
