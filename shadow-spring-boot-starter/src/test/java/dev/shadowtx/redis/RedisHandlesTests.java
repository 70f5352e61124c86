package dev.shadowtx.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.FakeProtocols;
import dev.shadowtx.core.testsupport.RecordingSocket;
import dev.shadowtx.handles.GuardedHandle;
import dev.shadowtx.handles.ShadowSubscriptions;
import dev.shadowtx.redis.autoconfigure.ShadowRedisAutoConfiguration;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * Redis in shadow, with Lettuce pointed at a local socket that speaks enough RESP and records
 * every command (no Redis server runs in the build): a write through {@code StringRedisTemplate},
 * through a connection taken from the connection factory, or through a template over a factory
 * that is no bean throws {@link ShadowBlockedException} and the command never reaches the
 * socket, while its live twin does. Reads reach the server in shadow. The same holds for
 * {@code ReactiveStringRedisTemplate}, the reactive connections the factory hands out and a
 * reactive template over a factory that is no bean, where the write is refused when its publisher
 * is subscribed in shadow (the subscriber's Reactor context decides as well as the calling
 * thread) and the subscriber receives the exception as its error. A reactive template of the
 * application's own class over a factory that is no bean keeps its class and gets the guarded
 * factory; one that keeps a factory in a field of its own is listed uncovered and refused whole
 * in shadow.
 */
class RedisHandlesTests {

    private final RecordingSocket redis = RecordingSocket.start(FakeProtocols.redis());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class,
                    ShadowRedisAutoConfiguration.class,
                    DataRedisAutoConfiguration.class,
                    DataRedisReactiveAutoConfiguration.class))
            .withPropertyValues(
                    "spring.data.redis.host=127.0.0.1",
                    "spring.data.redis.port=" + this.redis.port(),
                    "spring.data.redis.timeout=5s");

    @AfterEach
    void close() throws Exception {
        this.redis.close();
    }

    @Test
    void templateWritesAreBlockedInShadowBeforeReachingTheServerWhileTheirLiveTwinReachesIt() {
        this.runner.run((context) -> {
            StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
            String shadowKey = unique("shadow");
            String liveKey = unique("live");

            assertBlocked(() -> redis.opsForValue().set(shadowKey, "1"));
            assertBlocked(() -> redis.delete(shadowKey));
            assertBlocked(() -> redis.opsForHash().put(shadowKey, "field", "1"));
            assertBlocked(() -> redis.opsForList().leftPush(shadowKey, "1"));
            assertBlocked(() -> redis.convertAndSend("channel", shadowKey));
            assertBlocked(() -> redis.expire(shadowKey, java.time.Duration.ofSeconds(1)));

            redis.opsForValue().set(liveKey, "1");

            assertThat(this.redis.received(liveKey)).isTrue();
            assertThat(this.redis.received(shadowKey)).isFalse();
            assertThat(this.redis.commands()).containsOnlyOnce("SET").doesNotContain("DEL", "HSET", "LPUSH", "PUBLISH");
        });
    }

    @Test
    void aConnectionTakenFromTheFactoryBlocksWritesInShadowAndItsLiveTwinWrites() {
        this.runner.run((context) -> {
            RedisConnectionFactory factory = context.getBean(RedisConnectionFactory.class);
            String shadowKey = unique("shadow");
            String liveKey = unique("live");

            assertBlocked(() -> {
                try (RedisConnection connection = factory.getConnection()) {
                    connection.stringCommands().set(bytes(shadowKey), bytes("1"));
                }
            });
            assertBlocked(() -> {
                try (RedisConnection connection = factory.getConnection()) {
                    connection.serverCommands().flushDb();
                }
            });
            assertBlocked(() -> factory.getConnection().getNativeConnection());
            try (RedisConnection connection = factory.getConnection()) {
                connection.stringCommands().set(bytes(liveKey), bytes("1"));
            }

            assertThat(this.redis.received(liveKey)).isTrue();
            assertThat(this.redis.received(shadowKey)).isFalse();
            assertThat(this.redis.commands()).containsOnlyOnce("SET").doesNotContain("FLUSHDB");
        });
    }

    @Test
    void aTemplateOverAFactoryThatIsNoBeanBlocksWritesInShadow() {
        this.runner
                .withBean("inlineTemplate", StringRedisTemplate.class, () -> {
                    LettuceConnectionFactory inline = new LettuceConnectionFactory(
                            new RedisStandaloneConfiguration("127.0.0.1", this.redis.port()));
                    inline.afterPropertiesSet();
                    inline.start();
                    return new StringRedisTemplate(inline);
                })
                .run((context) -> {
                    StringRedisTemplate inline = context.getBean("inlineTemplate", StringRedisTemplate.class);
                    String shadowKey = unique("shadow");
                    String liveKey = unique("live");

                    assertBlocked(() -> inline.opsForValue().set(shadowKey, "1"));
                    inline.opsForValue().set(liveKey, "1");

                    assertThat(this.redis.received(liveKey)).isTrue();
                    assertThat(this.redis.received(shadowKey)).isFalse();
                });
    }

    @Test
    void readsReachTheServerInShadow() {
        this.runner.run((context) -> {
            StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
            String wanted = unique("read");
            List<Object> results = new ArrayList<>();

            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW,
                    () -> results.add(String.valueOf(redis.opsForValue().get(wanted))));

            assertThat(results).containsExactly("null");
            assertThat(this.redis.received(wanted)).isTrue();
            assertThat(this.redis.commands()).contains("GET").doesNotContain("SET");
        });
    }

    @Test
    void theLeakAuditListsTheFactoryAndTheTemplatesAsGuarded() {
        this.runner.run((context) -> {
            String report = context.getBean(ShadowLeakAudit.class).inventory().report();
            assertThat(report)
                    .contains("[redis] redisConnectionFactory (")
                    .contains("[redis] stringRedisTemplate (")
                    .doesNotContain("NOT COVERED  [redis]");
        });
    }

    @Test
    void reactiveTemplateWritesFailTheirShadowSubscriberBeforeReachingTheServerWhileTheirLiveTwinReachesIt() {
        this.runner.run((context) -> {
            ReactiveStringRedisTemplate redis = context.getBean(ReactiveStringRedisTemplate.class);
            String shadowKey = unique("shadow");
            String liveKey = unique("live");

            assertRefusedInShadow(() -> redis.opsForValue().set(shadowKey, "1"));
            assertRefusedInShadow(() -> redis.delete(shadowKey));
            assertRefusedInShadow(() -> redis.opsForHash().put(shadowKey, "field", "1"));
            assertRefusedInShadow(() -> redis.opsForList().leftPush(shadowKey, "1"));
            assertRefusedInShadow(() -> redis.convertAndSend("channel", shadowKey));
            assertRefusedInShadow(() -> redis.expire(shadowKey, Duration.ofSeconds(1)));

            redis.opsForValue().set(liveKey, "1").block(Duration.ofSeconds(10));

            assertThat(this.redis.received(liveKey)).isTrue();
            assertThat(this.redis.received(shadowKey)).isFalse();
            assertThat(this.redis.commands())
                    .containsOnlyOnce("SET")
                    .doesNotContain("DEL", "HSET", "LPUSH", "PUBLISH", "EXPIRE", "PEXPIRE");
        });
    }

    @Test
    void theSubscribersReactorContextDecidesForAPublisherMadeOnALiveThread() {
        this.runner.run((context) -> {
            ReactiveStringRedisTemplate redis = context.getBean(ReactiveStringRedisTemplate.class);
            String shadowKey = unique("shadow");

            Mono<Boolean> set = redis.opsForValue().set(shadowKey, "1");

            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> ShadowSubscriptions.blockInShadow(set));
            assertThat(this.redis.received(shadowKey)).isFalse();
            assertThat(this.redis.commands()).doesNotContain("SET");
        });
    }

    @Test
    void aReactiveConnectionTakenFromTheFactoryFailsShadowWritesAndItsLiveTwinWrites() {
        this.runner.run((context) -> {
            ReactiveRedisConnectionFactory factory = context.getBean(ReactiveRedisConnectionFactory.class);
            String shadowKey = unique("shadow");
            String liveKey = unique("live");
            ReactiveRedisConnection connection = factory.getReactiveConnection();
            try {
                assertThat(connection).isInstanceOf(GuardedHandle.class);
                assertRefusedInShadow(() -> connection.stringCommands().set(buffer(shadowKey), buffer("1")));
                assertRefusedInShadow(() -> connection.keyCommands().del(buffer(shadowKey)));
                assertRefusedInShadow(() -> connection.serverCommands().flushDb());
                assertRefusedInShadow(
                        () -> factory.getReactiveConnection().stringCommands().set(buffer(shadowKey), buffer("1")));
                LettuceConnectionFactory byClass = context.getBean(LettuceConnectionFactory.class);
                assertRefusedInShadow(() -> {
                    ReactiveRedisConnection narrowed = byClass.getReactiveConnection();
                    return narrowed.stringCommands().set(buffer(shadowKey), buffer("1"));
                });

                connection.stringCommands().set(buffer(liveKey), buffer("1")).block(Duration.ofSeconds(10));
            } finally {
                connection.closeLater().block(Duration.ofSeconds(10));
            }

            assertThat(this.redis.received(liveKey)).isTrue();
            assertThat(this.redis.received(shadowKey)).isFalse();
            assertThat(this.redis.commands()).containsOnlyOnce("SET").doesNotContain("DEL", "FLUSHDB");
        });
    }

    @Test
    void aReactiveTemplateOverAFactoryThatIsNoBeanFailsShadowWrites() {
        this.runner
                .withBean("inlineTemplate", ReactiveStringRedisTemplate.class, () -> {
                    LettuceConnectionFactory inline = new LettuceConnectionFactory(
                            new RedisStandaloneConfiguration("127.0.0.1", this.redis.port()));
                    inline.afterPropertiesSet();
                    inline.start();
                    return new ReactiveStringRedisTemplate(inline);
                })
                .run((context) -> {
                    ReactiveStringRedisTemplate inline =
                            context.getBean("inlineTemplate", ReactiveStringRedisTemplate.class);
                    String shadowKey = unique("shadow");
                    String liveKey = unique("live");

                    assertThat(inline.getConnectionFactory()).isInstanceOf(GuardedHandle.class);
                    assertRefusedInShadow(() -> inline.opsForValue().set(shadowKey, "1"));
                    inline.opsForValue().set(liveKey, "1").block(Duration.ofSeconds(10));

                    assertThat(this.redis.received(liveKey)).isTrue();
                    assertThat(this.redis.received(shadowKey)).isFalse();
                });
    }

    @Test
    void aReactiveTemplateOfTheApplicationsOwnClassOverAFactoryThatIsNoBeanFailsShadowWritesAndReadsPass() {
        this.runner
                .withBean("ordersTemplate", OrdersRedisTemplate.class, () -> new OrdersRedisTemplate(inlineFactory()))
                .run((context) -> {
                    OrdersRedisTemplate orders = context.getBean(OrdersRedisTemplate.class);
                    String shadowKey = unique("shadow");
                    String liveKey = unique("live");
                    String wanted = unique("read");

                    assertThat(orders.getConnectionFactory()).isInstanceOf(GuardedHandle.class);
                    assertRefusedInShadow(() -> orders.opsForValue().set(shadowKey, "1"));
                    assertRefusedInShadow(() -> orders.markPaid(shadowKey));
                    Object read = ShadowSubscriptions.blockInShadow(
                            orders.opsForValue().get(wanted).defaultIfEmpty("none"));
                    orders.markPaid(liveKey).block(Duration.ofSeconds(10));

                    assertThat(read).isEqualTo("none");
                    assertThat(this.redis.received(wanted)).isTrue();
                    assertThat(this.redis.received(liveKey)).isTrue();
                    assertThat(this.redis.received(shadowKey)).isFalse();
                    assertThat(context.getBean(ShadowLeakAudit.class)
                                    .inventory()
                                    .report())
                            .contains("covered      [redis] ordersTemplate (");
                });
    }

    @Test
    void aReactiveTemplateSubclassThatKeepsAFactoryOfItsOwnIsListedUncoveredAndRefusedWholeInShadow() {
        this.runner
                .withBean(
                        "keepingTemplate",
                        FactoryKeepingRedisTemplate.class,
                        () -> new FactoryKeepingRedisTemplate(inlineFactory()))
                .run((context) -> {
                    FactoryKeepingRedisTemplate keeping = context.getBean(FactoryKeepingRedisTemplate.class);
                    String shadowKey = unique("shadow");

                    assertBlocked(() -> keeping.opsForValue().set(shadowKey, "1"));
                    assertBlocked(() -> keeping.opsForValue().get(shadowKey));

                    assertThat(this.redis.received(shadowKey)).isFalse();
                    assertThat(context.getBean(ShadowLeakAudit.class)
                                    .inventory()
                                    .report())
                            .contains("NOT COVERED  [redis] keepingTemplate (");
                });
    }

    /**
     * Under lazy initialization the leak audit judges the template before it exists, by the guard
     * expected of it; the shadow work that first needs it creates it, and the guard cannot guard
     * it. Its calls in shadow are still refused, and its live twin writes.
     */
    @Test
    void aReactiveTemplateThatKeepsAFactoryOfItsOwnCreatedLazilyByShadowWorkIsRefusedWholeInShadow() {
        this.runner
                .withInitializer((context) ->
                        context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
                .withBean(
                        "keepingTemplate",
                        FactoryKeepingRedisTemplate.class,
                        () -> new FactoryKeepingRedisTemplate(inlineFactory()))
                .run((context) -> {
                    String shadowKey = unique("lazy-shadow");
                    String liveKey = unique("lazy-live");

                    assertBlocked(() -> context.getBean(FactoryKeepingRedisTemplate.class)
                            .opsForValue()
                            .set(shadowKey, "1")
                            .block(Duration.ofSeconds(5)));
                    context.getBean(FactoryKeepingRedisTemplate.class)
                            .opsForValue()
                            .set(liveKey, "1")
                            .block(Duration.ofSeconds(5));

                    assertThat(this.redis.received(shadowKey)).isFalse();
                    assertThat(this.redis.received(liveKey)).isTrue();
                });
    }

    private LettuceConnectionFactory inlineFactory() {
        LettuceConnectionFactory inline =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", this.redis.port()));
        inline.afterPropertiesSet();
        inline.start();
        return inline;
    }

    /**
     * A template of the application's own class, with a write of its own.
     */
    public static class OrdersRedisTemplate extends ReactiveStringRedisTemplate {

        OrdersRedisTemplate(ReactiveRedisConnectionFactory factory) {
            super(factory);
        }

        Mono<Boolean> markPaid(String key) {
            return opsForValue().set(key, "paid");
        }
    }

    /**
     * A template of the application's own class that keeps its factory, through which it could
     * reach Redis past the template.
     */
    public static class FactoryKeepingRedisTemplate extends ReactiveStringRedisTemplate {

        final ReactiveRedisConnectionFactory kept;

        FactoryKeepingRedisTemplate(ReactiveRedisConnectionFactory factory) {
            super(factory);
            this.kept = factory;
        }
    }

    @Test
    void reactiveReadsReachTheServerInShadow() {
        this.runner.run((context) -> {
            ReactiveStringRedisTemplate redis = context.getBean(ReactiveStringRedisTemplate.class);
            String wanted = unique("read");
            String wantedInContext = unique("read");
            List<Object> results = new ArrayList<>();

            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW,
                    () -> results.add(
                            String.valueOf(redis.opsForValue().get(wanted).block(Duration.ofSeconds(10)))));
            results.add(String.valueOf(
                    ShadowSubscriptions.blockInShadow(redis.opsForValue().get(wantedInContext))));

            assertThat(results).containsExactly("null", "null");
            assertThat(this.redis.received(wanted)).isTrue();
            assertThat(this.redis.received(wantedInContext)).isTrue();
            assertThat(this.redis.commands()).contains("GET").doesNotContain("SET");
        });
    }

    @Test
    void theLeakAuditListsTheReactiveTemplatesAsGuarded() {
        this.runner.run((context) -> {
            String report = context.getBean(ShadowLeakAudit.class).inventory().report();
            assertThat(report)
                    .contains("[redis] reactiveRedisTemplate (")
                    .contains("[redis] reactiveStringRedisTemplate (")
                    .doesNotContain("NOT COVERED  [redis]");
        });
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static ByteBuffer buffer(String value) {
        return ByteBuffer.wrap(bytes(value));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static void assertRefusedInShadow(Supplier<? extends Publisher<?>> write) {
        ShadowSubscriptions.assertRefusedInShadow("redis", write);
    }

    private static void assertBlocked(Runnable write) {
        assertThatExceptionOfType(ShadowBlockedException.class)
                .isThrownBy(() -> ShadowTraffic.runIsolated(ShadowMode.SHADOW, write))
                .satisfies((ex) -> assertThat(ex.getChannel()).isEqualTo("redis"));
    }
}
