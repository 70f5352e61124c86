package dev.shadowtx.reliability.markers;

import java.time.Instant;
import java.util.UUID;

import dev.shadowtx.core.marker.MarkerSignature;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Generated signature headers on a {@code SIGNED} service: none is accepted, none commits,
 * none fails with a 5xx.
 */
class ForgedSignatureProperties {

	@Property(tries = 2_000)
	void generatedSignaturesAreNeverAccepted(@ForAll("signatures") String signature,
			@ForAll("modes") String mode) throws Exception {
		MarkerApps.App app = MarkerApps.signed();
		String key = UUID.randomUUID().toString();
		MockHttpServletResponse response = app.mockMvc()
			.perform(post("/write/" + key).header("X-Shadow", mode).header(MarkerSignature.DEFAULT_HEADER, signature))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(app.rows(key)).isZero();
	}

	@Provide
	Arbitrary<String> modes() {
		return Arbitraries.of("shadow", "synthetic", "true", "garbage");
	}

	@Provide
	Arbitrary<String> signatures() {
		long now = Instant.now().getEpochSecond();
		Arbitrary<String> hex = Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(64);
		Arbitrary<Long> times = Arbitraries.oneOf(Arbitraries.longs().between(now - 5, now + 5),
				Arbitraries.longs().between(0, Long.MAX_VALUE));
		Arbitrary<String> shaped = net.jqwik.api.Combinators.combine(times, hex)
			.as((t, s) -> "t=" + t + ",s=" + s);
		return Arbitraries.oneOf(shaped, shaped, Arbitraries.strings().ofMaxLength(200),
				Arbitraries.strings().withChars("ts=,0123456789abcdef ").ofMaxLength(120));
	}

}
