package dev.shadowtx.summary;

import dev.shadowtx.core.ShadowDescriptor;
import java.util.StringJoiner;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Logs one INFO line at startup with what shadowtx does in this application: trust mode,
 * active guards, configured destinations, as described by every {@link ShadowDescriptor}.
 */
public class ShadowStartupSummary implements SmartInitializingSingleton {

    private static final Log logger = LogFactory.getLog(ShadowStartupSummary.class);

    private final ObjectProvider<ShadowDescriptor> descriptors;

    /**
     * Create the summary.
     * @param descriptors the parts of shadowtx present in the application
     */
    public ShadowStartupSummary(ObjectProvider<ShadowDescriptor> descriptors) {
        this.descriptors = descriptors;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (logger.isInfoEnabled()) {
            logger.info(summary());
        }
    }

    /**
     * Return the summary line.
     * @return one line, without secrets
     */
    public String summary() {
        StringJoiner line = new StringJoiner("; ", "shadowtx active: ", "");
        this.descriptors
                .orderedStream()
                .forEach((descriptor) -> line.add(descriptor.section() + " " + descriptor.settings()));
        return line.toString();
    }
}
