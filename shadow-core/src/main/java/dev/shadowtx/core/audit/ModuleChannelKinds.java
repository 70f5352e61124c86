package dev.shadowtx.core.audit;

/**
 * The kinds of channel whose guard lives in an optional module: the module's inspector judges them
 * when it is on the classpath, and the audit still lists them, uncovered with the module to add,
 * when it is not.
 */
public final class ModuleChannelKinds {

    /**
     * Kafka templates and producer factories, guarded by shadow-kafka.
     */
    public static final ChannelKind KAFKA = ChannelKind.guardable(
            "kafka",
            "its producer factory has no ShadowProducerPostProcessor",
            "add dev.shadowtx:shadow-kafka; a factory built by hand needs a ShadowProducerPostProcessor "
                    + "(factory.addPostProcessor(...))");

    /**
     * Feign clients, guarded by shadow-feign.
     */
    public static final ChannelKind FEIGN = ChannelKind.guardable(
            "feign",
            "no ShadowFeignCapability bean",
            "add dev.shadowtx:shadow-feign so every Feign client gets the ShadowFeignCapability");

    private ModuleChannelKinds() {}
}
