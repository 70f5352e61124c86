package dev.shadowtx.benchmarks.app;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.metrics.ApplicationStartup;
import org.springframework.core.metrics.StartupStep;

/**
 * Records Spring's startup steps with the CPU time of the thread that ran them, which the
 * machine's load does not stretch the way it stretches their wall-clock time: each step's own
 * CPU time is its total less that of the steps nested in it.
 */
final class CpuApplicationStartup implements ApplicationStartup {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final AtomicLong ids = new AtomicLong();

    private final ThreadLocal<Deque<Step>> open = ThreadLocal.withInitial(ArrayDeque::new);

    private final List<Step> ended = Collections.synchronizedList(new ArrayList<>());

    @Override
    public StartupStep start(String name) {
        Deque<Step> stack = this.open.get();
        Step step = new Step(this.ids.incrementAndGet(), name, stack.peek(), stack);
        stack.push(step);
        return step;
    }

    /**
     * Return the steps that ended, in the order they ended.
     */
    List<Step> steps() {
        synchronized (this.ended) {
            return List.copyOf(this.ended);
        }
    }

    /**
     * One step: its name and tags, its thread's CPU time in it, and how much of that its nested
     * steps took.
     */
    final class Step implements StartupStep {

        private final long id;

        private final String name;

        private final @Nullable Step parent;

        private final Deque<Step> stack;

        private final List<Tag> tags = new ArrayList<>();

        private final long startCpu = THREADS.getCurrentThreadCpuTime();

        private long cpu;

        private long nestedCpu;

        Step(long id, String name, @Nullable Step parent, Deque<Step> stack) {
            this.id = id;
            this.name = name;
            this.parent = parent;
            this.stack = stack;
        }

        @Override
        public String getName() {
            return this.name;
        }

        @Override
        public long getId() {
            return this.id;
        }

        @Override
        public @Nullable Long getParentId() {
            Step parent = this.parent;
            return (parent != null) ? parent.id : null;
        }

        @Override
        public StartupStep tag(String key, String value) {
            this.tags.add(new SimpleTag(key, value));
            return this;
        }

        @Override
        public StartupStep tag(String key, Supplier<String> value) {
            return tag(key, value.get());
        }

        @Override
        public Tags getTags() {
            return this.tags::iterator;
        }

        @Override
        public void end() {
            this.cpu = THREADS.getCurrentThreadCpuTime() - this.startCpu;
            Step parent = this.parent;
            if (parent != null) {
                parent.nestedCpu += this.cpu;
            }
            this.stack.remove(this);
            CpuApplicationStartup.this.ended.add(this);
        }

        /**
         * Return the thread CPU nanoseconds spent in this step, nested steps included.
         */
        long cpuNanos() {
            return this.cpu;
        }

        /**
         * Return the thread CPU nanoseconds spent in this step outside its nested steps.
         */
        long selfCpuNanos() {
            return this.cpu - this.nestedCpu;
        }

        String tagText() {
            List<String> text = new ArrayList<>();
            for (Iterator<Tag> it = this.tags.iterator(); it.hasNext(); ) {
                Tag tag = it.next();
                text.add(tag.getKey() + "=" + tag.getValue());
            }
            return text.toString();
        }
    }

    private record SimpleTag(String getKey, String getValue) implements StartupStep.Tag {}
}
