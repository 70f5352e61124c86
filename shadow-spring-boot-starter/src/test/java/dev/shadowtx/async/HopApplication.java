package dev.shadowtx.async;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskDecorator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.WebAsyncTask;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A service that moves a write to another thread in every way a Spring application does. Each
 * endpoint {@code POST /hops/{hop}/{item}} writes the row {@code item} from the hop's thread.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableAsync
class HopApplication {

    static final String[] HOPS = {
        "async-boot",
        "async-user",
        "async-void",
        "future-boot",
        "future-user",
        "event-sync",
        "event-async",
        "tx-event-after-completion",
        "tx-before-async",
        "mvc-callable",
        "mvc-web-async-task",
        "reactor-block",
        "reactor-publish-on",
        "reactor-subscribe",
        "scheduler"
    };

    /**
     * Hops whose HTTP response comes back before the write has run.
     */
    static final Set<String> FIRE_AND_FORGET =
            Set.of("async-void", "event-async", "tx-event-after-completion", "reactor-subscribe", "scheduler");

    @Bean
    Rows rows(JdbcTemplate jdbc) {
        return new Rows(jdbc);
    }

    @Bean
    ThreadPoolTaskExecutor userExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(2);
        executor.setThreadNamePrefix("user-");
        executor.setTaskDecorator(userDecorator());
        return executor;
    }

    static TaskDecorator userDecorator() {
        return (task) -> () -> {
            org.slf4j.MDC.put("user-decorator", "applied");
            try {
                task.run();
            } finally {
                org.slf4j.MDC.remove("user-decorator");
            }
        };
    }

    @Bean
    ThreadPoolTaskScheduler userScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("user-scheduler-");
        return scheduler;
    }

    @Bean
    Work work(Rows rows) {
        return new Work(rows);
    }

    @Bean
    Listeners listeners(Rows rows) {
        return new Listeners(rows);
    }

    @Bean
    TransactionalWork transactionalWork(Rows rows, Work work, ApplicationEventPublisher publisher) {
        return new TransactionalWork(rows, work, publisher);
    }

    static class Work {

        private final Rows rows;

        Work(Rows rows) {
            this.rows = rows;
        }

        @Async
        public CompletableFuture<String> onBootExecutor(String item) {
            return CompletableFuture.completedFuture(this.rows.write(item));
        }

        @Async("userExecutor")
        public CompletableFuture<String> onUserExecutor(String item) {
            return CompletableFuture.completedFuture(this.rows.write(item));
        }

        @Async
        public void fireAndForget(String item) {
            this.rows.write(item);
        }

        @Async
        @Transactional
        public CompletableFuture<String> inItsOwnTransaction(String item) {
            return CompletableFuture.completedFuture(this.rows.write(item));
        }
    }

    record SyncEvent(String item) {}

    record AsyncEvent(String item) {}

    record OrderPlaced(String item) {}

    static class Listeners {

        private final Rows rows;

        Listeners(Rows rows) {
            this.rows = rows;
        }

        @EventListener
        public void onSync(SyncEvent event) {
            this.rows.write(event.item());
        }

        @Async
        @EventListener
        public void onAsync(AsyncEvent event) {
            this.rows.write(event.item());
        }

        @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
        public void afterCommit(OrderPlaced event) {
            this.rows.write(event.item() + "-after-commit");
        }

        @Async
        @TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION)
        public void afterCompletion(OrderPlaced event) {
            this.rows.write(event.item());
        }
    }

    static class TransactionalWork {

        private final Rows rows;

        private final Work work;

        private final ApplicationEventPublisher publisher;

        TransactionalWork(Rows rows, Work work, ApplicationEventPublisher publisher) {
            this.rows = rows;
            this.work = work;
            this.publisher = publisher;
        }

        @Transactional
        public String placeOrder(String item) {
            this.rows.write(item + "-order");
            this.publisher.publishEvent(new OrderPlaced(item));
            return item;
        }

        @Transactional
        public String writeThenHop(String item) {
            this.rows.write(item + "-outer");
            return this.work.inItsOwnTransaction(item).join();
        }
    }

    /**
     * Registered as a member class of the configuration.
     */
    @RestController
    static class HopController {

        private final Rows rows;

        private final Work work;

        private final TransactionalWork transactionalWork;

        private final ApplicationEventPublisher publisher;

        private final Executor applicationTaskExecutor;

        private final ThreadPoolTaskExecutor userExecutor;

        private final TaskScheduler userScheduler;

        HopController(
                Rows rows,
                Work work,
                TransactionalWork transactionalWork,
                ApplicationEventPublisher publisher,
                @Qualifier("applicationTaskExecutor") Executor applicationTaskExecutor,
                @Qualifier("userExecutor") ThreadPoolTaskExecutor userExecutor,
                TaskScheduler userScheduler) {
            this.rows = rows;
            this.work = work;
            this.transactionalWork = transactionalWork;
            this.publisher = publisher;
            this.applicationTaskExecutor = applicationTaskExecutor;
            this.userExecutor = userExecutor;
            this.userScheduler = userScheduler;
        }

        @PostMapping("/hops/{hop}/{item}")
        Object hop(@PathVariable String hop, @PathVariable String item) {
            return switch (hop) {
                case "async-boot" -> this.work.onBootExecutor(item).join();
                case "async-user" -> this.work.onUserExecutor(item).join();
                case "async-void" -> {
                    this.work.fireAndForget(item);
                    yield item;
                }
                case "future-boot" ->
                    CompletableFuture.supplyAsync(() -> this.rows.write(item), this.applicationTaskExecutor)
                            .join();
                case "future-user" ->
                    CompletableFuture.supplyAsync(() -> this.rows.write(item), this.userExecutor)
                            .thenApply(String::toUpperCase)
                            .join();
                case "event-sync" -> {
                    this.publisher.publishEvent(new SyncEvent(item));
                    yield item;
                }
                case "event-async" -> {
                    this.publisher.publishEvent(new AsyncEvent(item));
                    yield item;
                }
                case "tx-event-after-completion" -> this.transactionalWork.placeOrder(item);
                case "tx-before-async" -> this.transactionalWork.writeThenHop(item);
                case "reactor-block" ->
                    Mono.fromCallable(() -> this.rows.write(item))
                            .subscribeOn(Schedulers.boundedElastic())
                            .block();
                case "reactor-publish-on" ->
                    Mono.just(item)
                            .publishOn(Schedulers.boundedElastic())
                            .map(this.rows::write)
                            .block();
                case "reactor-subscribe" -> {
                    Mono.fromCallable(() -> this.rows.write(item))
                            .subscribeOn(Schedulers.boundedElastic())
                            .subscribe();
                    yield item;
                }
                case "scheduler" -> {
                    this.userScheduler.schedule(
                            () -> this.rows.write(item), Instant.now().plusMillis(20));
                    yield item;
                }
                default -> throw new IllegalArgumentException(hop);
            };
        }

        @PostMapping("/hops/mvc-callable/{item}")
        Callable<String> callable(@PathVariable String item) {
            return () -> this.rows.write(item);
        }

        @PostMapping("/hops/mvc-web-async-task/{item}")
        WebAsyncTask<String> webAsyncTask(@PathVariable String item) {
            return new WebAsyncTask<>(10_000L, this.userExecutor, () -> this.rows.write(item));
        }
    }
}
