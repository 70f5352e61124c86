package dev.shadowtx.audit;

import dev.shadowtx.core.ShadowDescriptor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Takes the inventory of side-effect channels once every singleton exists, logs it as one block,
 * and, in strict mode, refuses to start while a channel is uncovered. Also the {@code audit}
 * descriptor of the startup summary and the actuator endpoint (counts and uncovered bean names;
 * the endpoint shows every channel under {@code channels}).
 */
public class ShadowLeakAudit implements SmartInitializingSingleton, ShadowDescriptor {

    private static final Log logger = LogFactory.getLog(ShadowLeakAudit.class);

    private final ChannelClassifier classifier;

    private final boolean strict;

    private volatile ChannelInventory inventory = ChannelInventory.EMPTY;

    private volatile boolean audited;

    /**
     * Channels judged guarded before they existed (lazy singletons, prototypes): by the guard
     * expected of them when they are created.
     */
    private volatile Set<String> expectedGuarded = Set.of();

    /**
     * Create the audit of a bean factory's channels.
     * @param beanFactory the bean factory whose beans are audited
     * @param accepted bean names of channels used in shadow on purpose
     * @param strict whether to refuse to start while a channel is uncovered
     */
    public ShadowLeakAudit(ConfigurableListableBeanFactory beanFactory, Collection<String> accepted, boolean strict) {
        this(new ChannelClassifier(beanFactory, accepted), strict);
    }

    ShadowLeakAudit(ChannelClassifier classifier, boolean strict) {
        this.classifier = classifier;
        this.strict = strict;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ChannelInventory result = this.classifier.classify();
        this.expectedGuarded = result.channels().stream()
                .filter((channel) -> channel.coverage() == ChannelCoverage.GUARDED)
                .map(AuditedChannel::beanName)
                .filter((name) -> !this.classifier.exists(name))
                .collect(Collectors.toUnmodifiableSet());
        this.inventory = result;
        this.audited = true;
        List<AuditedChannel> uncovered = result.uncovered();
        if (uncovered.isEmpty()) {
            logger.info(result.report());
        } else {
            logger.warn(result.report());
        }
        if (this.strict && !uncovered.isEmpty()) {
            throw new InvalidConfigurationPropertyValueException("shadow.audit.strict", true, strictMessage(uncovered));
        }
    }

    private static String strictMessage(List<AuditedChannel> uncovered) {
        return uncovered.size() + " side-effect channel(s) not covered in shadow: "
                + uncovered.stream()
                        .map((channel) -> "'" + channel.beanName() + "' ("
                                + channel.kind().tagValue() + ", " + channel.type() + "): " + channel.fix())
                        .collect(Collectors.joining("; "));
    }

    /**
     * Return the inventory of the last audit.
     * @return the inventory; empty before the context's singletons exist
     */
    public ChannelInventory inventory() {
        return this.inventory;
    }

    /**
     * Whether a bean is a channel that nothing covers. Before the audit ran, every channel not
     * listed as accepted counts as uncovered (the shadow side).
     * @param beanName the bean name
     * @return {@code true} when a shadow call to it is a potential leak
     */
    boolean isUncovered(String beanName) {
        if (!this.audited) {
            return !this.classifier.isAccepted(beanName);
        }
        // the monitor asks only about beans it watches, which their guard missed: one judged before
        // it existed, by the guard expected of it, is not covered either (a lazy bean that the
        // guard could not guard when a request created it)
        return this.inventory.isUncovered(beanName) || this.expectedGuarded.contains(beanName);
    }

    @Override
    public String section() {
        return "audit";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        ChannelInventory current = this.audited ? this.inventory : this.classifier.classify();
        settings.put("strict", this.strict);
        settings.put("channels", current.channels().size());
        settings.put("covered", current.covered().size());
        settings.put(
                "uncovered",
                current.uncovered().stream().map(AuditedChannel::beanName).toList());
        return settings;
    }
}
