package dev.shadowtx.kafka.producer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.jspecify.annotations.Nullable;

/**
 * Checks that a shadow topic exists by asking the cluster once, with a short timeout, and
 * remembers the topics it found. A missing topic is not remembered, so creating it later fixes
 * the next send without a restart; the broker answers "unknown topic" in one round trip, so a
 * missing topic costs milliseconds, not {@code max.block.ms}. The admin client is created on
 * first use and closed with the check.
 */
public final class AdminShadowTopicCheck implements ShadowTopicCheck, AutoCloseable {

    private static final Log logger = LogFactory.getLog(AdminShadowTopicCheck.class);

    private final Map<String, Object> adminConfig;

    private final Duration timeout;

    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();

    private volatile @Nullable Admin admin;

    private boolean closed;

    /**
     * Create a check.
     * @param clientConfig the Kafka client configuration (bootstrap servers, security) to build
     * the admin client from; keys an admin client does not know are ignored
     * @param timeout how long one check may take
     */
    public AdminShadowTopicCheck(Map<String, Object> clientConfig, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The topic check timeout must be positive");
        }
        Set<String> known = AdminClientConfig.configNames();
        Map<String, Object> config = new HashMap<>();
        clientConfig.forEach((key, value) -> {
            if (known.contains(key) || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                config.put(key, value);
            }
        });
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "shadowtx-topic-check");
        this.adminConfig = config;
        this.timeout = timeout;
    }

    @Override
    public boolean exists(String topic) {
        if (this.confirmed.contains(topic)) {
            return true;
        }
        Admin admin = admin();
        if (admin == null) {
            return false;
        }
        try {
            admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs((int)
                                    Math.min(Integer.MAX_VALUE, this.timeout.toMillis())))
                    .allTopicNames()
                    .get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
            this.confirmed.add(topic);
            return true;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException ex) {
            logger.debug("Shadow topic '" + topic + "' not confirmed", ex);
            return false;
        }
    }

    private @Nullable Admin admin() {
        Admin admin = this.admin;
        if (admin == null) {
            synchronized (this) {
                if (this.closed) {
                    return null;
                }
                admin = this.admin;
                if (admin == null) {
                    admin = Admin.create(this.adminConfig);
                    this.admin = admin;
                }
            }
        }
        return admin;
    }

    @Override
    public void close() {
        Admin admin;
        synchronized (this) {
            this.closed = true;
            admin = this.admin;
            this.admin = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
