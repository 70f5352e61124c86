package dev.shadowtx.sample;

import dev.shadowtx.audit.AuditedChannel;
import dev.shadowtx.audit.ShadowLeakAudit;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ShadowLeakAudit audit;

	@Test
	void everySideEffectChannelOfTheSampleIsCovered() {
		assertThat(this.audit.inventory().uncovered()).isEmpty();
		assertThat(this.audit.inventory().channels()).extracting(AuditedChannel::beanName)
			.contains("dataSource", "transactionManager");
	}

	@Test
	void liveOrderIsStoredAndShadowOrderIsNot() {
		RestClient client = RestClient.create("http://127.0.0.1:" + this.port);
		String live = client.post().uri("/orders").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.body("{\"item\":\"live-book\",\"quantity\":1}").retrieve().body(String.class);
		String shadow = client.post().uri("/orders").header("X-Shadow", "shadow")
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.body("{\"item\":\"shadow-book\",\"quantity\":1}").retrieve().body(String.class);
		assertThat(live).contains("\"mode\":\"live\"");
		assertThat(shadow).contains("\"mode\":\"shadow\"");
		assertThat(this.jdbc.queryForList("select item from orders", String.class)).containsExactly("live-book");
	}

}
