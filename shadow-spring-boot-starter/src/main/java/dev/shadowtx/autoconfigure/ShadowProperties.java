package dev.shadowtx.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.shadowtx.core.marker.TrustMode;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of shadowtx. Every default is the safe one.
 */
@ConfigurationProperties("shadow")
public class ShadowProperties {

	/**
	 * Whether shadow traffic handling is enabled. When false, no shadow bean and no filter is registered.
	 */
	private boolean enabled = true;

	private final Detection detection = new Detection();

	private final Trust trust = new Trust();

	private final Transactions transactions = new Transactions();

	private final Jdbc jdbc = new Jdbc();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Detection getDetection() {
		return this.detection;
	}

	public Trust getTrust() {
		return this.trust;
	}

	public Transactions getTransactions() {
		return this.transactions;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	/**
	 * How inbound shadow markers are recognised.
	 */
	public static class Detection {

		/**
		 * Whether to read the Envoy "-shadow" suffix on the Host / :authority header.
		 */
		private boolean hostSuffix = true;

		/**
		 * Name of the inbound and outbound marker header.
		 */
		private String header = "X-Shadow";

		/**
		 * Key of the W3C baggage entry that carries the marker. Empty disables baggage detection.
		 */
		private String baggageKey = "shadow";

		public boolean isHostSuffix() {
			return this.hostSuffix;
		}

		public void setHostSuffix(boolean hostSuffix) {
			this.hostSuffix = hostSuffix;
		}

		public String getHeader() {
			return this.header;
		}

		public void setHeader(String header) {
			this.header = header;
		}

		public String getBaggageKey() {
			return this.baggageKey;
		}

		public void setBaggageKey(String baggageKey) {
			this.baggageKey = baggageKey;
		}

	}

	/**
	 * Who may mark traffic as shadow.
	 */
	public static class Trust {

		/**
		 * Which senders may mark traffic: ANY, TRUSTED_PROXIES or SIGNED. An untrusted marker is
		 * answered with 403, never treated as live.
		 */
		private TrustMode mode = TrustMode.ANY;

		/**
		 * CIDR ranges (IPv4 or IPv6) whose TCP peers may mark traffic, for TRUSTED_PROXIES.
		 */
		private List<String> trustedProxies = new ArrayList<>();

		/**
		 * HMAC-SHA256 key, at least 32 bytes, for SIGNED. Required in that mode.
		 */
		private @Nullable String secret;

		/**
		 * Oldest (and most future) signed-marker timestamp accepted, for SIGNED.
		 */
		private Duration maxClockSkew = Duration.ofSeconds(30);

		/**
		 * Name of the header that carries the marker signature, for SIGNED.
		 */
		private String signatureHeader = "X-Shadow-Signature";

		public TrustMode getMode() {
			return this.mode;
		}

		public void setMode(TrustMode mode) {
			this.mode = mode;
		}

		public List<String> getTrustedProxies() {
			return this.trustedProxies;
		}

		public void setTrustedProxies(List<String> trustedProxies) {
			this.trustedProxies = trustedProxies;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public Duration getMaxClockSkew() {
			return this.maxClockSkew;
		}

		public void setMaxClockSkew(Duration maxClockSkew) {
			this.maxClockSkew = maxClockSkew;
		}

		public String getSignatureHeader() {
			return this.signatureHeader;
		}

		public void setSignatureHeader(String signatureHeader) {
			this.signatureHeader = signatureHeader;
		}

	}

	/**
	 * The transaction guard.
	 */
	public static class Transactions {

		/**
		 * Whether outermost commits in shadow become rollbacks, on every transaction manager.
		 */
		private boolean rollback = true;

		public boolean isRollback() {
			return this.rollback;
		}

		public void setRollback(boolean rollback) {
			this.rollback = rollback;
		}

	}

	/**
	 * The JDBC guard.
	 */
	public static class Jdbc {

		/**
		 * Whether shadow JDBC connections never commit, even with auto-commit code.
		 */
		private boolean guard = true;

		public boolean isGuard() {
			return this.guard;
		}

		public void setGuard(boolean guard) {
			this.guard = guard;
		}

	}

}
