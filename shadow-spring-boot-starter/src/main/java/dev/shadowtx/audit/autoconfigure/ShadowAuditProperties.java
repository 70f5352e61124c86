package dev.shadowtx.audit.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Leak audit: the startup inventory of every side-effect channel of the application.
 */
@ConfigurationProperties("shadow.audit")
public class ShadowAuditProperties {

    /**
     * Whether to list every side-effect channel at startup, covered or not, and watch the uncovered
     * ones in shadow.
     */
    private boolean enabled = true;

    /**
     * Whether to refuse to start while a side-effect channel is not covered by a guard, by
     * shadow.audit.accepted or by @LiveOnly.
     */
    private boolean strict = false;

    /**
     * Bean names of side-effect channels used in shadow on purpose (reads, shadow-aware
     * collaborators): reported as accepted instead of uncovered.
     */
    private List<String> accepted = new ArrayList<>();

    /**
     * Whether to wrap uncovered channel beans so that their use in shadow is counted and logged
     * (once per bean).
     */
    private boolean monitor = true;

    /**
     * Whether a call to an uncovered channel in shadow raises ShadowBlockedException instead of
     * going through. Needs shadow.audit.monitor. Accept a channel to let shadow calls through.
     */
    private boolean blockUncovered = true;

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isStrict() {
        return this.strict;
    }

    public void setStrict(boolean strict) {
        this.strict = strict;
    }

    public List<String> getAccepted() {
        return this.accepted;
    }

    public void setAccepted(List<String> accepted) {
        this.accepted = accepted;
    }

    public boolean isMonitor() {
        return this.monitor;
    }

    public void setMonitor(boolean monitor) {
        this.monitor = monitor;
    }

    public boolean isBlockUncovered() {
        return this.blockUncovered;
    }

    public void setBlockUncovered(boolean blockUncovered) {
        this.blockUncovered = blockUncovered;
    }
}
