package dev.shadowtx.audit;

import java.util.List;
import java.util.Map;

/**
 * Every side-effect channel the leak audit recognised, covered or not, in bean-name order.
 * @param channels the channels
 */
public record ChannelInventory(List<AuditedChannel> channels) {

    /**
     * An inventory with no channel, before the audit ran.
     */
    public static final ChannelInventory EMPTY = new ChannelInventory(List.of());

    /**
     * Create an inventory.
     * @param channels the channels
     */
    public ChannelInventory {
        channels = List.copyOf(channels);
    }

    /**
     * Return the channels nothing covers.
     * @return the uncovered channels
     */
    public List<AuditedChannel> uncovered() {
        return this.channels.stream().filter((channel) -> !channel.isCovered()).toList();
    }

    /**
     * Return the covered channels.
     * @return the guarded, accepted and live-only channels
     */
    public List<AuditedChannel> covered() {
        return this.channels.stream().filter(AuditedChannel::isCovered).toList();
    }

    /**
     * Whether the channel of a bean is uncovered.
     * @param beanName the bean name
     * @return {@code true} when the bean is an uncovered channel
     */
    public boolean isUncovered(String beanName) {
        return this.channels.stream()
                .anyMatch((channel) -> channel.beanName().equals(beanName) && !channel.isCovered());
    }

    /**
     * Return the inventory as the actuator endpoint shows it.
     * @return one entry per channel
     */
    public List<Map<String, Object>> describe() {
        return this.channels.stream().map(AuditedChannel::describe).toList();
    }

    /**
     * Return the startup log block: one line per channel, the uncovered ones with what to do.
     * @return several lines
     */
    public String report() {
        StringBuilder report = new StringBuilder("shadowtx leak audit: ")
                .append(this.channels.size())
                .append(" side-effect channel(s), ")
                .append(covered().size())
                .append(" covered, ")
                .append(uncovered().size())
                .append(" not covered");
        for (AuditedChannel channel : covered()) {
            report.append(System.lineSeparator())
                    .append("  covered      ")
                    .append(line(channel))
                    .append(" -- ")
                    .append(channel.coverage().value())
                    .append(": ")
                    .append(channel.detail());
        }
        for (AuditedChannel channel : uncovered()) {
            report.append(System.lineSeparator())
                    .append("  NOT COVERED  ")
                    .append(line(channel))
                    .append(" -- ")
                    .append(channel.detail())
                    .append(System.lineSeparator())
                    .append("               fix: ")
                    .append(channel.fix());
        }
        return report.toString();
    }

    private static String line(AuditedChannel channel) {
        return "[" + channel.kind().tagValue() + "] " + channel.beanName() + " (" + channel.type() + ")";
    }
}
