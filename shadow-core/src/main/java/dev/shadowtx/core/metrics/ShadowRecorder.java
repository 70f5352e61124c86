package dev.shadowtx.core.metrics;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.RejectionReason;
import dev.shadowtx.core.protection.ShedReason;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

/**
 * Receives what the detectors and guards decide, for meters, logs and the actuator endpoint.
 * Every method has an empty default, so an implementation records only what it cares about.
 * Implementations must be fast and must not throw: they run on the request path.
 */
public interface ShadowRecorder {

    /**
     * Records nothing.
     */
    ShadowRecorder NOOP = new ShadowRecorder() {};

    /**
     * Return the application's recorder, resolved on first use, or {@link #NOOP} when it has none.
     * Bean post-processors and other early beans take their recorder this way, so that they do
     * not pull the recorder (and the meter registry) out of the normal bean lifecycle.
     * @param recorder the recorder bean, if any
     * @return a supplier that resolves it once
     */
    static Supplier<ShadowRecorder> lazy(ObjectProvider<ShadowRecorder> recorder) {
        return SingletonSupplier.of(() -> recorder.getIfAvailable(() -> NOOP));
    }

    /**
     * A marked unit of work was accepted and bound.
     * @param mode the mode
     * @param source where the marker was found
     */
    default void requestDetected(ShadowMode mode, MarkerSource source) {}

    /**
     * A marker value was present but not understood; the unit of work isolates as shadow.
     * @param source where it was found
     */
    default void markerMalformed(MarkerSource source) {}

    /**
     * A marked request was refused by the trust policy.
     * @param reason why
     */
    default void markerRejected(RejectionReason reason) {}

    /**
     * The transaction guard turned the commit of a new transaction into a rollback.
     * @param mode the mode of the unit of work
     */
    default void transactionRolledBack(ShadowMode mode) {}

    /**
     * A transaction begun in shadow was committed, because a commit policy proved that its commit
     * touches no live state (for example a Kafka transaction that only wrote to shadow topics).
     * @param mode the mode of the unit of work
     * @param transactionManager the bean name of its transaction manager; recorded in the
     * decision log, never as a meter tag
     */
    default void transactionCommitted(ShadowMode mode, String transactionManager) {}

    /**
     * The JDBC guard turned a commit (explicit, or implied by auto-commit or close) into a rollback.
     * @param mode the mode of the unit of work
     */
    default void jdbcCommitPrevented(ShadowMode mode) {}

    /**
     * The R2DBC guard turned a commit (explicit, or implied by {@code setAutoCommit(true)}) into a rollback.
     * @param mode the mode of the unit of work
     */
    default void r2dbcCommitPrevented(ShadowMode mode) {}

    /**
     * An outbound effect was decided by a guard.
     * @param channel the side-effect channel ({@code http}, {@code feign}, {@code kafka}, {@code method})
     * @param action what the guard did, for example {@code propagate}, {@code reroute}, {@code block}
     * @param destination where it was going; recorded in the decision log, never as a meter tag
     */
    default void outboundDecision(String channel, String action, String destination) {}

    /**
     * A connection was borrowed in a shadow unit of work and a store served it: the live store
     * under the rollback guard, or the shadow store of a routed data source.
     * @param mode the mode of the unit of work
     * @param dataSource the bean name of the data source the application asked
     * @param store which store served the connection
     */
    default void storeServed(ShadowMode mode, String dataSource, ShadowStore store) {}

    /**
     * A shadow request was refused before it ran (503), because the shadow bulkhead was full or
     * the shadow rate limit was reached; live traffic is never refused by either.
     * @param mode the mode of the refused request
     * @param reason why it was refused
     */
    default void requestShed(ShadowMode mode, ShedReason reason) {}

    /**
     * A consumed record carrying a shadow marker was ignored, because its listener is not
     * shadow-aware and shadow records are configured to be skipped.
     * @param channel the messaging channel, for example {@code kafka}
     * @param source where the record came from, for example its topic; recorded in the decision
     * log, never as a meter tag
     * @param mode the mode the record was marked with
     */
    default void recordSkipped(String channel, String source, ShadowMode mode) {}

    /**
     * A side-effect channel that no guard covers (and that nobody accepted) was used in a shadow
     * unit of work: the leak audit saw a call reach it.
     * @param channel the kind of channel, for example {@code mail} or {@code redis}
     * @param beanName the bean name of the channel; recorded in the decision log, never as a meter tag
     * @param mode the mode of the unit of work
     */
    default void uncoveredChannelUsed(String channel, String beanName, ShadowMode mode) {}
}
