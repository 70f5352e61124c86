package dev.shadowtx.kafka.audit;

/**
 * One input binding of Spring Cloud Stream's Kafka binder, as the leak audit lists it. The binder
 * builds the binding's consumer factory and listener container in its own context, outside the
 * bean factory the audit reads, so shadow-kafka registers one of these per input binding of a
 * function the binder binds; {@link KafkaChannelInspector} judges what covers it.
 */
public final class KafkaBinderInput {

    private final String binding;

    private final String function;

    /**
     * Describe one input binding.
     * @param binding the binding name, for example {@code uppercase-in-0}
     * @param function the function definition it feeds, for example {@code uppercase}
     */
    public KafkaBinderInput(String binding, String function) {
        this.binding = binding;
        this.function = function;
    }

    /**
     * Return the name under which the audit lists an input binding.
     * @param binding the binding name
     * @param function the function definition it feeds
     * @return for example {@code uppercase-in-0 (function uppercase)}
     */
    public static String auditName(String binding, String function) {
        return binding + " (function " + function + ")";
    }

    /**
     * Return the binding name.
     * @return for example {@code uppercase-in-0}
     */
    public String binding() {
        return this.binding;
    }

    /**
     * Return the function definition the binding feeds.
     * @return for example {@code uppercase}
     */
    public String function() {
        return this.function;
    }

    @Override
    public String toString() {
        return "Kafka binder input binding " + auditName(this.binding, this.function);
    }
}
