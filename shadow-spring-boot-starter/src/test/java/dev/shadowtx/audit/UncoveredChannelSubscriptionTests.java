package dev.shadowtx.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.FakeProtocols;
import dev.shadowtx.core.testsupport.RecordingSocket;
import dev.shadowtx.handles.ShadowSubscriptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ReactiveValueOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * The leak audit's monitor on real Redis clients whose guard is off ({@code shadow.redis.guard=false},
 * so the audit lists them uncovered and the monitor watches them), pointed at a local socket that
 * records what reaches it (no Redis server runs in the build). A write assembled on a live thread
 * and subscribed with the shadow context in the subscriber's Reactor context fails that
 * subscriber with {@link ShadowBlockedException} and never reaches the socket, whether it comes
 * from the template or from an operations object fetched live and kept; a connection factory
 * reached through a template's accessor, and the connection it gives, are watched too, so a write
 * through them in shadow is refused. Each live twin reaches the socket.
 */
class UncoveredChannelSubscriptionTests {

    private final RecordingSocket redis = RecordingSocket.start(FakeProtocols.redis());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class,
                    DataRedisAutoConfiguration.class,
                    DataRedisReactiveAutoConfiguration.class))
            .withPropertyValues(
                    "shadow.redis.guard=false",
                    "spring.data.redis.host=127.0.0.1",
                    "spring.data.redis.port=" + this.redis.port(),
                    "spring.data.redis.timeout=5s");

    @AfterEach
    void close() throws Exception {
        this.redis.close();
    }

    @Test
    void aWriteAssembledLiveAndSubscribedInShadowFailsItsSubscriberWhileItsLiveTwinWrites() {
        this.runner.run((context) -> {
            ReactiveStringRedisTemplate template = context.getBean(ReactiveStringRedisTemplate.class);
            ReactiveValueOperations<String, String> keptLive = template.opsForValue();
            String shadowKey = unique("shadow");
            String liveKey = unique("live");

            Mono<Boolean> fromTemplate = template.opsForValue().set(shadowKey, "1");
            Mono<Boolean> fromKeptOperations = keptLive.set(shadowKey, "2");
            Mono<Long> delete = template.delete(shadowKey);

            assertRefusedInShadow(fromTemplate);
            assertRefusedInShadow(fromKeptOperations);
            assertRefusedInShadow(delete);
            keptLive.set(liveKey, "1").block(Duration.ofSeconds(10));

            assertThat(this.redis.received(liveKey)).isTrue();
            assertThat(this.redis.received(shadowKey)).isFalse();
        });
    }

    @Test
    void aConnectionFactoryHandedOutByAnAccessorIsWatchedLikeItsTemplateWhileItsLiveTwinWrites() {
        this.runner.withUserConfiguration(InlineFactoryTemplate.class).run((context) -> {
            StringRedisTemplate template = context.getBean("inlineTemplate", StringRedisTemplate.class);
            RedisConnectionFactory fetchedLive = template.getConnectionFactory();
            assertThat(template.getConnectionFactory())
                    .as("the same factory handed out again is the same watched one")
                    .isSameAs(fetchedLive);
            String shadowKey = unique("shadow");
            String liveKey = unique("live");

            assertThat(context.getBean(ShadowLeakAudit.class).isUncovered("inlineTemplate"))
                    .isTrue();
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> {
                        try (var connection = fetchedLive.getConnection()) {
                            connection.stringCommands().set(bytes(shadowKey), bytes("1"));
                        }
                    }))
                    .satisfies((ex) -> assertThat(ex.getChannel()).isEqualTo("redis"));
            try (var connection = fetchedLive.getConnection()) {
                connection.stringCommands().set(bytes(liveKey), bytes("1"));
            }

            assertThat(this.redis.received(liveKey)).isTrue();
            assertThat(this.redis.received(shadowKey)).isFalse();
        });
    }

    private static void assertRefusedInShadow(Publisher<?> assembledLive) {
        assertThatExceptionOfType(ShadowBlockedException.class)
                .isThrownBy(() -> ShadowSubscriptions.blockInShadow(assembledLive))
                .satisfies((ex) -> assertThat(ex.getChannel()).isEqualTo("redis"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /**
     * A template over a connection factory it builds itself (no bean), which only its accessor
     * hands out.
     */
    @Configuration(proxyBeanMethods = false)
    static class InlineFactoryTemplate {

        @Bean
        StringRedisTemplate inlineTemplate(org.springframework.core.env.Environment environment) {
            LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(
                    "127.0.0.1", environment.getRequiredProperty("spring.data.redis.port", Integer.class)));
            factory.afterPropertiesSet();
            factory.start();
            return new StringRedisTemplate(factory);
        }
    }
}
