package dev.shadowtx.core.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;

class ShadowAnnotationsTests {

    @Test
    void findsShadowAwareOnMethodClassAndSuperclass() {
        assertThat(ShadowAnnotations.isShadowAware(method(Listeners.class, "aware"), Listeners.class))
                .isTrue();
        assertThat(ShadowAnnotations.isShadowAware(method(Listeners.class, "plain"), Listeners.class))
                .isFalse();
        assertThat(ShadowAnnotations.isShadowAware(method(AwareListeners.class, "plain"), AwareListeners.class))
                .isTrue();
        assertThat(ShadowAnnotations.isShadowAware(
                        method(InheritingListeners.class, "plain"), InheritingListeners.class))
                .isTrue();
        assertThat(ShadowAnnotations.isShadowAware(InheritingListeners.class)).isTrue();
        assertThat(ShadowAnnotations.isShadowAware(Listeners.class)).isFalse();
    }

    @Test
    void findsShadowAwareThroughAMetaAnnotation() {
        assertThat(ShadowAnnotations.isShadowAware(method(Listeners.class, "meta"), Listeners.class))
                .isTrue();
    }

    @Test
    void classLevelLiveOnlySparesObjectAndShadowAwareMethods() {
        assertThat(ShadowAnnotations.findLiveOnly(method(Mailer.class, "send"), Mailer.class))
                .isNotNull();
        assertThat(ShadowAnnotations.findLiveOnly(method(Mailer.class, "preview"), Mailer.class))
                .isNull();
        assertThat(ShadowAnnotations.findLiveOnly(method(Mailer.class, "toString"), Mailer.class))
                .isNull();
        assertThat(ShadowAnnotations.hasLiveOnly(Mailer.class)).isTrue();
        assertThat(ShadowAnnotations.hasLiveOnly(Listeners.class)).isFalse();
    }

    @Test
    void findsLiveOnlyOnAnyTypeOfTheHierarchyAndAnyOfTheirMethods() {
        assertThat(ShadowAnnotations.hasLiveOnly(SendsThroughAnInterface.class)).isTrue();
        assertThat(ShadowAnnotations.hasLiveOnly(SendsThroughASuperclass.class)).isTrue();
        assertThat(ShadowAnnotations.hasLiveOnly(SendsThroughALiveOnlyInterface.class))
                .isTrue();
        assertThat(ShadowAnnotations.hasLiveOnly(InheritsALiveOnlyClass.class)).isTrue();
        assertThat(ShadowAnnotations.hasLiveOnly(SendsThroughAnInterface.class.getInterfaces()[0]))
                .isTrue();
        assertThat(ShadowAnnotations.hasLiveOnly(Confused.class)).isTrue();
        assertThat(ShadowAnnotations.hasLiveOnly(Object.class)).isFalse();
        assertThat(ShadowAnnotations.hasLiveOnly(InheritingListeners.class)).isFalse();
    }

    @Test
    void bothAnnotationsOnOneMethodIsAnError() {
        assertThatIllegalStateException()
                .isThrownBy(() -> ShadowAnnotations.findLiveOnly(method(Confused.class, "both"), Confused.class))
                .withMessageContaining("Confused.both")
                .withMessageContaining("both @LiveOnly and @ShadowAware");
    }

    private static Method method(Class<?> type, String name) {
        for (Method method : ReflectionUtils.getAllDeclaredMethods(type)) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException(name);
    }

    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @ShadowAware
    @interface SafeListener {}

    static class Listeners {

        @ShadowAware
        public void aware() {}

        public void plain() {}

        @SafeListener
        public void meta() {}
    }

    @ShadowAware
    static class AwareListeners {

        public void plain() {}
    }

    static class InheritingListeners extends AwareListeners {}

    @LiveOnly
    static class Mailer {

        public void send() {}

        @ShadowAware
        public String preview() {
            return "preview";
        }

        @Override
        public String toString() {
            return "mailer";
        }
    }

    interface Sender {

        @LiveOnly
        void send();
    }

    static class SendsThroughAnInterface implements Sender {

        @Override
        public void send() {}
    }

    static class SendsThroughASuperclass extends SendsThroughAnInterface {}

    @LiveOnly
    interface LiveOnlySender {

        void send();
    }

    static class SendsThroughALiveOnlyInterface implements LiveOnlySender {

        @Override
        public void send() {}
    }

    static class InheritsALiveOnlyClass extends Mailer {}

    static class Confused {

        @LiveOnly
        @ShadowAware
        public void both() {}
    }
}
