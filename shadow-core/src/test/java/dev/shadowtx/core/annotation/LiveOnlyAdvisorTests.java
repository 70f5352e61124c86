package dev.shadowtx.core.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.Ordered;

/**
 * {@code @LiveOnly} through a real Spring AOP proxy: live calls go through, shadow calls never
 * reach the method.
 */
class LiveOnlyAdvisorTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final List<String> decisions = new ArrayList<>();

    private final LiveOnlyAdvisor advisor = new LiveOnlyAdvisor(() -> new ShadowRecorder() {
        @Override
        public void outboundDecision(String channel, String action, String destination) {
            LiveOnlyAdvisorTests.this.decisions.add(channel + " " + action + " " + destination);
        }
    });

    @AfterEach
    void clear() {
        ShadowContextHolder.clear();
    }

    @Test
    void liveCallsReachTheMethod() {
        Payments target = new Payments();
        Payments payments = proxy(target);
        assertThat(payments.charge("order-1", 10)).isEqualTo("charged order-1");
        payments.notifyCustomer("order-1");
        assertThat(target.sent).containsExactly("charge order-1", "notify order-1");
        assertThat(this.decisions).isEmpty();
    }

    @Test
    void shadowCallsReturnTheFallbackResultWithoutReachingTheMethod() {
        Payments target = new Payments();
        Payments payments = proxy(target);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            assertThat(payments.charge("order-1", 10)).isEqualTo("simulated order-1 10");
        }
        assertThat(target.sent).isEmpty();
        assertThat(this.decisions).containsExactly("method stub " + Payments.class.getName() + ".charge");
    }

    @Test
    void fallbackReceivesTheBlockedExceptionWhenItTakesOne() {
        Payments target = new Payments();
        Payments payments = proxy(target);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            assertThat(payments.refund("order-2")).startsWith("not refunded: Blocked in shadow (method)");
        }
        assertThat(target.sent).isEmpty();
    }

    @Test
    void privateStaticFallbackWorks() {
        Payments target = new Payments();
        Payments payments = proxy(target);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            assertThat(payments.balance()).isZero();
        }
    }

    @Test
    void voidAndOptionalMethodsReturnNothingInShadow() {
        Payments target = new Payments();
        Payments payments = proxy(target);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            payments.notifyCustomer("order-3");
            assertThat(payments.receipt("order-3")).isEmpty();
            assertThat(payments.points()).isEmpty();
        }
        assertThat(target.sent).isEmpty();
        assertThat(this.decisions).hasSize(3).allMatch((decision) -> decision.startsWith("method stub"));
    }

    @Test
    void otherMethodsRaiseShadowBlockedExceptionNamingTheMethod() {
        Payments target = new Payments();
        Payments payments = proxy(target);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> payments.capture("order-4"))
                    .satisfies((ex) -> {
                        assertThat(ex.getChannel()).isEqualTo("method");
                        assertThat(ex.getTarget()).isEqualTo(Payments.class.getName() + ".capture");
                    });
        }
        assertThat(target.sent).isEmpty();
        assertThat(this.decisions).containsExactly("method block " + Payments.class.getName() + ".capture");
    }

    @Test
    void classLevelAnnotationGuardsEveryMethodButShadowAwareAndObjectOnes() {
        Mailer target = new Mailer();
        Mailer mailer = proxy(target);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            mailer.send("a@example.com");
            assertThat(mailer.render("a@example.com")).isEqualTo("Dear a@example.com");
            assertThat(mailer.toString()).isEqualTo("mailer");
            assertThatExceptionOfType(ShadowBlockedException.class).isThrownBy(() -> mailer.count());
        }
        assertThat(target.sent).isEmpty();
    }

    @Test
    void annotationOnAnInterfaceMethodGuardsAJdkProxy() {
        Sender target = new SmsSender();
        ProxyFactory factory = new ProxyFactory(target);
        factory.addAdvisor(this.advisor);
        Sender sender = (Sender) factory.getProxy();
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            assertThat(sender.send("hello")).isEqualTo("not sent");
        }
        assertThat(sender.send("hello")).isEqualTo("sent hello");
    }

    @Test
    void missingFallbackFailsWhenTheClassIsProxied() {
        assertThatIllegalStateException()
                .isThrownBy(() -> AopUtils.canApply(this.advisor, BadFallback.class))
                .withMessageContaining("BadFallback.charge(String)")
                .withMessageContaining("fallbackMethod \"nope\"");
    }

    @Test
    void fallbackWithAnotherReturnTypeDoesNotQualify() {
        assertThatIllegalStateException()
                .isThrownBy(() -> AopUtils.canApply(this.advisor, WrongReturnType.class))
                .withMessageContaining("returning String");
    }

    @Test
    void unannotatedClassesAreNotProxied() {
        assertThat(AopUtils.canApply(this.advisor, SmsSender.class)).isTrue();
        assertThat(AopUtils.canApply(this.advisor, Plain.class)).isFalse();
    }

    @Test
    void runsAheadOfInterceptorsWithDefaultOrder() {
        assertThat(this.advisor.getOrder())
                .isLessThan(Ordered.LOWEST_PRECEDENCE)
                .isEqualTo(LiveOnlyAdvisor.DEFAULT_ORDER);
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(T target) {
        ProxyFactory factory = new ProxyFactory(target);
        factory.setProxyTargetClass(true);
        factory.addAdvisor(this.advisor);
        return (T) factory.getProxy();
    }

    static class Payments {

        final List<String> sent = new ArrayList<>();

        @LiveOnly(fallbackMethod = "simulateCharge")
        public String charge(String order, int amount) {
            this.sent.add("charge " + order);
            return "charged " + order;
        }

        String simulateCharge(String order, int amount) {
            return "simulated " + order + " " + amount;
        }

        @LiveOnly(fallbackMethod = "notRefunded")
        public String refund(String order) {
            this.sent.add("refund " + order);
            return "refunded";
        }

        String notRefunded(String order) {
            return "wrong overload";
        }

        String notRefunded(String order, RuntimeException ex) {
            return "less specific";
        }

        String notRefunded(String order, ShadowBlockedException ex) {
            return "not refunded: " + ex.getMessage();
        }

        @LiveOnly(fallbackMethod = "zero")
        public Integer balance() {
            this.sent.add("balance");
            return 42;
        }

        private static Integer zero() {
            return 0;
        }

        @LiveOnly
        public void notifyCustomer(String order) {
            this.sent.add("notify " + order);
        }

        @LiveOnly
        public Optional<String> receipt(String order) {
            this.sent.add("receipt " + order);
            return Optional.of("receipt");
        }

        @LiveOnly
        public OptionalInt points() {
            this.sent.add("points");
            return OptionalInt.of(1);
        }

        @LiveOnly
        public String capture(String order) {
            this.sent.add("capture " + order);
            return "captured";
        }
    }

    @LiveOnly
    static class Mailer {

        final List<String> sent = new ArrayList<>();

        public void send(String to) {
            this.sent.add(to);
        }

        @ShadowAware
        public String render(String to) {
            return "Dear " + to;
        }

        public int count() {
            return this.sent.size();
        }

        @Override
        public String toString() {
            return "mailer";
        }
    }

    interface Sender {

        @LiveOnly(fallbackMethod = "notSent")
        String send(String text);

        default String notSent(String text) {
            return "not sent";
        }
    }

    static class SmsSender implements Sender {

        @Override
        public String send(String text) {
            return "sent " + text;
        }
    }

    static class BadFallback {

        @LiveOnly(fallbackMethod = "nope")
        public String charge(String order) {
            return order;
        }
    }

    static class WrongReturnType {

        @LiveOnly(fallbackMethod = "fallback")
        public String charge(String order) {
            return order;
        }

        Integer fallback(String order) {
            return 0;
        }
    }

    static class Plain {

        public String hello() {
            return "hello";
        }
    }
}
