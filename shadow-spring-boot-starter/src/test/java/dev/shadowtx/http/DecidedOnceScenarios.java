package dev.shadowtx.http;

import static dev.shadowtx.http.OutboundRecords.counts;
import static dev.shadowtx.http.OutboundRecords.decisions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.http.HttpClientShadowContract.Client;
import dev.shadowtx.http.HttpClientShadowContract.Reply;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

/**
 * What a client must do when the policy may be applied at two levels (a Spring client over a
 * guarded client bean, a client bean that could get the policy twice): each shadow call is decided
 * once, so one call is one count on {@code shadow.outbound} and one entry in the decision log, and
 * a rerouted write reaches the test double instead of being judged again by the double's own
 * rule. Each subclass names its clients in a static {@code subjects()} method.
 * @param <S> what one parameterized run is about
 */
abstract class DecidedOnceScenarios<S> extends CollaboratorServers {

    static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    /**
     * Start the application of a subject with these properties and run a scenario on its client.
     */
    abstract void run(S subject, Map<String, Object> properties, Scenario scenario);

    interface Scenario {

        void run(AssertableApplicationContext context, Client client) throws Exception;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void shadowReadIsDecidedOnceAndReachesTheLiveServerWithTheMarker(S subject) {
        run(subject, Map.of(), (context, client) -> {
            assertThat(inShadow(() -> client.exchange("GET", servers.liveUrl() + "/prices", Map.of(), null)))
                    .isEqualTo(new Reply(200, "live"));
            assertThat(servers.liveRequests())
                    .singleElement()
                    .satisfies((received) ->
                            assertThat(received.getHeader("X-Shadow")).isEqualTo("shadow"));
            assertThat(counts(context)).isEqualTo(Map.of("propagate", 1.0));
            assertThat(decisions(context)).containsExactly("propagate GET " + servers.liveUrl() + "/prices");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void shadowWriteToRerouteIsDecidedOnceAndReachesTheTestDouble(S subject) {
        run(subject, reroute(), (context, client) -> {
            assertThat(inShadow(() -> client.exchange("POST", servers.liveUrl() + "/charges", Map.of(), "{}")))
                    .isEqualTo(new Reply(200, "double"));
            assertThat(servers.liveRequests()).isEmpty();
            assertThat(servers.doubleRequests()).singleElement().satisfies((received) -> {
                assertThat(received.getUrl()).isEqualTo("/mock/charges");
                assertThat(received.getBodyAsString()).isEqualTo("{}");
                assertThat(received.getHeader("X-Shadow")).isEqualTo("shadow");
            });
            assertThat(counts(context)).isEqualTo(Map.of("reroute", 1.0));
            assertThat(decisions(context)).containsExactly("reroute POST " + servers.liveUrl() + "/charges");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void shadowWriteToBlockIsDecidedOnceAndReachesNothing(S subject) {
        run(subject, Map.of(), (context, client) -> {
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() ->
                            inShadow(() -> client.exchange("POST", servers.liveUrl() + "/charges", Map.of(), "{}")));
            assertThat(servers.liveRequests()).isEmpty();
            assertThat(servers.doubleRequests()).isEmpty();
            assertThat(counts(context)).isEqualTo(Map.of("block", 1.0));
            assertThat(decisions(context)).containsExactly("block POST " + servers.liveUrl() + "/charges");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void liveTwinsReachTheLiveServerWithoutADecision(S subject) {
        run(subject, reroute(), (context, client) -> {
            assertThat(client.exchange("POST", servers.liveUrl() + "/charges", Map.of(), "{}"))
                    .isEqualTo(new Reply(200, "live"));
            assertThat(client.exchange("GET", servers.liveUrl() + "/prices", Map.of(), null))
                    .isEqualTo(new Reply(200, "live"));
            assertThat(servers.liveRequests())
                    .hasSize(2)
                    .allSatisfy((received) ->
                            assertThat(received.containsHeader("X-Shadow")).isFalse());
            assertThat(servers.doubleRequests()).isEmpty();
            assertThat(counts(context)).isEmpty();
            assertThat(decisions(context)).isEmpty();
        });
    }

    /**
     * Rules that reroute the shadow calls to the live server to the test double's {@code /mock}.
     */
    static Map<String, Object> reroute() {
        String live = "shadow.http.destinations[" + servers.liveAuthority() + "]";
        return Map.of(live + ".action", "reroute", live + ".url", servers.doubleUrl() + "/mock");
    }

    static <T> T inShadow(Supplier<T> call) {
        return HttpClientShadowContract.inShadow(SHADOW, call);
    }
}
