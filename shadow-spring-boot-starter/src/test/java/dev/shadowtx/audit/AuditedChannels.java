package dev.shadowtx.audit;

import org.springframework.context.ApplicationContext;

/**
 * Reads one bean's entry of the leak audit in tests.
 */
public final class AuditedChannels {

    private AuditedChannels() {}

    /**
     * Return how the audit listed a bean.
     * @param context the started context
     * @param beanName the bean
     * @return its entry; an {@link AssertionError} when the audit did not list it
     */
    public static AuditedChannel named(ApplicationContext context, String beanName) {
        return context.getBean(ShadowLeakAudit.class).inventory().channels().stream()
                .filter((channel) -> channel.beanName().equals(beanName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("not listed: " + beanName));
    }
}
