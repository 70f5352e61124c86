package dev.shadowtx.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * For every way a Spring application moves work to another thread: a shadow request whose write
 * runs on the other thread leaves no row; the same request live commits its row.
 */
abstract class AbstractHopTests {

    static final String[] HOPS = HopApplication.HOPS;

    @LocalServerPort
    int port;

    @Autowired
    Rows rows;

    private HttpHops http;

    @BeforeEach
    void client() {
        this.http = new HttpHops(this.port);
    }

    @ParameterizedTest
    @FieldSource("HOPS")
    void shadowRequestLeavesNoRowWhereverTheWriteRuns(String hop) {
        String item = HttpHops.uniqueItem(hop);
        HttpResponse<String> response = this.http.post("/hops/" + hop + "/" + item, true);
        assertThat(response.statusCode()).isEqualTo(200);
        Rows.Seen seen = awaitWrite(item);
        assertThat(seen.mode()).isEqualTo("shadow");
        assertThat(this.rows.isCommitted(item)).isFalse();
        if (!hop.equals("event-sync")) {
            assertThat(seen.thread()).doesNotStartWith("http-nio");
        }
    }

    @ParameterizedTest
    @FieldSource("HOPS")
    void liveRequestCommitsItsRowOnTheOtherThread(String hop) {
        String item = HttpHops.uniqueItem(hop);
        HttpResponse<String> response = this.http.post("/hops/" + hop + "/" + item, false);
        assertThat(response.statusCode()).isEqualTo(200);
        Rows.Seen seen = awaitWrite(item);
        assertThat(seen.mode()).isEqualTo("live");
        await().atMost(Duration.ofSeconds(10)).until(() -> this.rows.isCommitted(item));
    }

    @Test
    void asyncWorkAfterATransactionIsItsOwnTransactionAndRollsBackInShadow() {
        String item = HttpHops.uniqueItem("tx");
        this.http.post("/hops/tx-before-async/" + item, true);
        Rows.Seen outer = this.rows.seen(item + "-outer");
        Rows.Seen async = this.rows.seen(item);
        assertThat(async.thread()).isNotEqualTo(outer.thread());
        assertThat(async.inTransaction()).isTrue();
        assertThat(async.newRollbackOnly()).as("new and rollback-only").isTrue();
        assertThat(this.rows.isCommitted(item)).isFalse();
        assertThat(this.rows.isCommitted(item + "-outer")).isFalse();
        String live = HttpHops.uniqueItem("tx");
        this.http.post("/hops/tx-before-async/" + live, false);
        assertThat(this.rows.seen(live).newRollbackOnly()).isFalse();
        assertThat(this.rows.isCommitted(live)).isTrue();
        assertThat(this.rows.isCommitted(live + "-outer")).isTrue();
    }

    @Test
    void afterCommitListenersDoNotRunInShadowBecauseNothingCommits() {
        String item = HttpHops.uniqueItem("order");
        this.http.post("/hops/tx-event-after-completion/" + item, true);
        awaitWrite(item);
        assertThat(this.rows.hasSeen(item + "-after-commit")).isFalse();
        assertThat(this.rows.isCommitted(item + "-order")).isFalse();
        String live = HttpHops.uniqueItem("order");
        this.http.post("/hops/tx-event-after-completion/" + live, false);
        awaitWrite(live);
        assertThat(this.rows.seen(live + "-after-commit").mode()).isEqualTo("live");
        assertThat(this.rows.isCommitted(live + "-after-commit")).isTrue();
        assertThat(this.rows.isCommitted(live + "-order")).isTrue();
    }

    private Rows.Seen awaitWrite(String item) {
        await().atMost(Duration.ofSeconds(10)).until(() -> this.rows.hasSeen(item));
        return this.rows.seen(item);
    }
}
