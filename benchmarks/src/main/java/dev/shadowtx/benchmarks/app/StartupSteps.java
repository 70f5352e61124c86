package dev.shadowtx.benchmarks.app;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.StreamSupport;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.core.metrics.StartupStep;

/**
 * Prints where startup time went, from Spring's startup steps: the longest steps overall and the
 * longest ones that name a shadowtx class or bean (their durations include nested steps).
 */
final class StartupSteps {

    private StartupSteps() {}

    static void print(StartupTimeline timeline, int limit, Duration total, PrintStream out) {
        List<StartupTimeline.TimelineEvent> events = timeline.getEvents();
        Comparator<StartupTimeline.TimelineEvent> longestFirst =
                Comparator.comparing(StartupTimeline.TimelineEvent::getDuration).reversed();
        out.printf(
                Locale.ROOT,
                "startup: %d ms to a started context, %d steps recorded%n",
                total.toMillis(),
                events.size());
        out.printf(Locale.ROOT, "%nlongest steps%n");
        events.stream().sorted(longestFirst).limit(limit).forEach((event) -> print(event, out));
        List<StartupTimeline.TimelineEvent> shadow =
                events.stream().filter(StartupSteps::isShadowtx).toList();
        out.printf(Locale.ROOT, "%nlongest steps that name shadowtx (%d in all)%n", shadow.size());
        shadow.stream().sorted(longestFirst).limit(limit).forEach((event) -> print(event, out));
    }

    private static boolean isShadowtx(StartupTimeline.TimelineEvent event) {
        // the benchmark application's own package does not count
        return tags(event)
                .replace("dev.shadowtx.benchmarks.", "")
                .toLowerCase(Locale.ROOT)
                .contains("shadow");
    }

    private static void print(StartupTimeline.TimelineEvent event, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "  %7.1f ms  %s %s%n",
                event.getDuration().toNanos() / 1e6,
                event.getStartupStep().getName(),
                tags(event));
    }

    private static String tags(StartupTimeline.TimelineEvent event) {
        return StreamSupport.stream(event.getStartupStep().getTags().spliterator(), false)
                .map((StartupStep.Tag tag) -> tag.getKey() + "=" + tag.getValue())
                .toList()
                .toString();
    }
}
