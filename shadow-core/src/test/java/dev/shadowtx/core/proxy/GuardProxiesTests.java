package dev.shadowtx.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.target.EmptyTargetSource;

/**
 * The guard proxies and the one accessor to what they guard: opaque and frozen proxies, read by
 * shadowtx outside shadow only.
 */
class GuardProxiesTests {

    @Test
    void aGuardIsAnOpaqueFrozenProxyThatCallsThroughItsAdvice() {
        List<String> target = new ArrayList<>();
        List<String> guard = GuardProxies.guard(factory(target, new Tagging()), null);
        guard.add("one");
        assertThat(target).containsExactly("one!");
        assertThat(AopUtils.isAopProxy(guard)).isTrue();
        assertThat(guard).isNotInstanceOf(Advised.class);
        assertThat(AopProxyUtils.getSingletonTarget(guard)).isNull();
    }

    @Test
    void aGuardOfTheApplicationsOwnProxyIsNoAdvisedEither() {
        for (boolean subclass : new boolean[] {false, true}) {
            List<String> target = new Items();
            ProxyFactory users = new ProxyFactory(target);
            users.setProxyTargetClass(subclass);
            Object usersProxy = users.getProxy();
            assertThat(usersProxy).isInstanceOf(Advised.class);
            ProxyFactory factory = new ProxyFactory(usersProxy);
            factory.setProxyTargetClass(subclass);
            factory.addAdvice(new Tagging());
            List<String> guard = GuardProxies.guard(factory, null);
            guard.add("one");
            assertThat(target).containsExactly("one!");
            assertThat(guard).isNotInstanceOf(Advised.class);
            assertThat(guard).isInstanceOf(subclass ? Items.class : List.class);
            assertThat(GuardProxies.targetOf(guard)).isSameAs(usersProxy);
        }
    }

    @Test
    void theTargetOfAGuardIsAnsweredLiveAndRefusedInShadow() {
        List<String> target = new ArrayList<>();
        List<String> guard = GuardProxies.guard(factory(target, new Tagging()), null);
        assertThat(GuardProxies.isGuard(guard)).isTrue();
        assertThat(GuardProxies.targetOf(guard)).isSameAs(target);
        ShadowTraffic.runIsolated(
                ShadowMode.SHADOW,
                () -> assertThatExceptionOfType(ShadowBlockedException.class)
                        .isThrownBy(() -> GuardProxies.targetOf(guard))
                        .withMessageContaining("Blocked in shadow (proxy)"));
        assertThat(GuardProxies.targetClassOf(guard)).isEqualTo(ArrayList.class);
        assertThat(GuardProxies.isAdvisedBy(guard, GuardProxiesTests.class)).isTrue();
        assertThat(GuardProxies.isAdvisedBy(guard, Tagging.class)).isTrue();
        assertThat(GuardProxies.isAdvisedBy(guard, ProxyFactory.class)).isFalse();
    }

    @Test
    void aProxyMadePerCallIsOpaqueAndRecordedNowhere() {
        List<String> target = new ArrayList<>();
        List<String> opaque = GuardProxies.opaque(factory(target, new Tagging()), null);
        opaque.add("one");
        assertThat(target).containsExactly("one!");
        assertThat(opaque).isNotInstanceOf(Advised.class);
        assertThat(GuardProxies.isGuard(opaque)).isFalse();
        assertThat(GuardProxies.targetOf(opaque)).isNull();
        assertThat(GuardProxies.targetClassOf(opaque)).isNull();
        assertThat(GuardProxies.isAdvisedBy(opaque, Tagging.class)).isFalse();
    }

    @Test
    void anythingElseIsNoGuard() {
        List<String> plain = new ArrayList<>();
        assertThat(GuardProxies.isGuard(plain)).isFalse();
        assertThat(GuardProxies.isGuard(null)).isFalse();
        assertThat(GuardProxies.targetOf(plain)).isNull();
    }

    @Test
    void aGuardWithoutATargetIsRefused() {
        ProxyFactory factory = new ProxyFactory();
        factory.setTargetSource(EmptyTargetSource.forClass(Supplier.class));
        factory.addInterface(Supplier.class);
        factory.addAdvice((MethodInterceptor) (invocation) -> "none");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GuardProxies.guard(factory, null))
                .withMessageContaining("A guard proxy needs a target");
    }

    @Test
    void guardsThatAreNoLongerReachableAreForgotten() {
        for (int i = 0; i < 1000; i++) {
            GuardProxies.guard(factory(new ArrayList<>(), new Tagging()), null);
        }
        System.gc();
        List<String> target = new ArrayList<>();
        List<String> guard = GuardProxies.guard(factory(target, new Tagging()), null);
        assertThat(GuardProxies.targetOf(guard)).isSameAs(target);
    }

    private static ProxyFactory factory(List<String> target, MethodInterceptor advice) {
        ProxyFactory factory = new ProxyFactory(target);
        factory.addAdvice(advice);
        return factory;
    }

    /** A class of the application's, which a subclass proxy can extend. */
    public static class Items extends ArrayList<String> {

        private static final long serialVersionUID = 1L;
    }

    /** Appends {@code !} to what is added. */
    private static final class Tagging implements MethodInterceptor {

        @Override
        public Object invoke(org.aopalliance.intercept.MethodInvocation invocation) throws Throwable {
            Object[] arguments = invocation.getArguments();
            if (invocation.getMethod().getName().equals("add") && arguments.length == 1) {
                arguments[0] = arguments[0] + "!";
            }
            return invocation.proceed();
        }
    }
}
