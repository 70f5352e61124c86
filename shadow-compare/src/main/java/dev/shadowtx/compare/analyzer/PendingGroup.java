package dev.shadowtx.compare.analyzer;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of one correlation id and service that arrived so far, waiting for the window to
 * close.
 *
 * @param firstArrival when the first record was processed (stream task clock, ms)
 * @param firstTimestamp the first record's timestamp (ms)
 * @param records raw exchange records, in arrival order
 */
record PendingGroup(long firstArrival, long firstTimestamp, List<String> records) {

    PendingGroup with(String record) {
        List<String> more = new ArrayList<>(this.records.size() + 1);
        more.addAll(this.records);
        more.add(record);
        return new PendingGroup(this.firstArrival, this.firstTimestamp, more);
    }
}
