package dev.shadowtx.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.marker.BaggageDetector;
import dev.shadowtx.core.marker.CompositeMarkerDetector;
import dev.shadowtx.core.marker.HeaderDetector;
import dev.shadowtx.core.marker.HostSuffixDetector;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.MarkerNames;
import dev.shadowtx.core.metrics.CompositeShadowRecorder;
import dev.shadowtx.core.metrics.MicrometerShadowRecorder;
import dev.shadowtx.core.metrics.ShadowDecisionLog;
import dev.shadowtx.core.metrics.ShadowRecorder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardContext;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pieces the benchmarks share, built the way the starter builds them with default properties.
 */
final class Fixtures {

    /**
     * Headers a typical live request carries through a mesh, none of them a marker.
     */
    static final Map<String, String> LIVE_HEADERS = Map.of(
            "Host",
            "orders:8080",
            "User-Agent",
            "Mozilla/5.0 (X11; Linux x86_64)",
            "Accept",
            "application/json",
            "Accept-Encoding",
            "gzip, deflate",
            "Content-Type",
            "application/json",
            "X-Request-Id",
            "3f2b8c1e-5d4a-4b6e-9c1f-0a7e2d9b4c11",
            "X-Forwarded-For",
            "10.1.2.3",
            "X-Forwarded-Proto",
            "https",
            "traceparent",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    private Fixtures() {}

    /**
     * The detector of the starter's defaults: host suffix, {@code X-Shadow}, baggage key {@code shadow}.
     */
    static MarkerDetector detector() {
        return new CompositeMarkerDetector(List.of(
                new HostSuffixDetector(),
                new HeaderDetector(MarkerNames.DEFAULT_HEADER),
                new BaggageDetector(MarkerNames.DEFAULT_BAGGAGE_KEY)));
    }

    /**
     * The recorder the starter builds when Micrometer is present: meters plus the decision log.
     */
    static ShadowRecorder recorder() {
        return new CompositeShadowRecorder(List.of(
                new MicrometerShadowRecorder(new SimpleMeterRegistry()),
                new ShadowDecisionLog(100, Clock.systemUTC()).asRecorder()));
    }

    /**
     * The recorder, resolved once, as the starter hands it to the guards.
     */
    static Supplier<ShadowRecorder> recorderSupplier() {
        ShadowRecorder recorder = recorder();
        return () -> recorder;
    }

    /**
     * Build one of the request shapes the benchmarks take, as Tomcat's own request object (its
     * header lookups are what the filter pays in production; a mock request costs differently).
     * @param shape {@code unmarked}, {@code unmarked-with-baggage}, {@code host-suffix},
     * {@code header}, {@code baggage}, {@code malformed}
     */
    static Exchange exchange(String shape) {
        org.apache.coyote.Request coyote = new org.apache.coyote.Request();
        coyote.method().setString("POST");
        coyote.requestURI().setString("/orders");
        coyote.decodedURI().setString("/orders");
        for (Map.Entry<String, String> header : LIVE_HEADERS.entrySet()) {
            String value = header.getValue();
            if (header.getKey().equals("Host") && shape.equals("host-suffix")) {
                value = "orders-shadow:8080";
            }
            coyote.getMimeHeaders().addValue(header.getKey()).setString(value);
        }
        switch (shape) {
            case "unmarked", "host-suffix" -> {}
            case "unmarked-with-baggage" ->
                coyote.getMimeHeaders()
                        .addValue("baggage")
                        .setString("userId=alice,tenant=acme;ttl=60,region=eu-west-1");
            case "header" ->
                coyote.getMimeHeaders().addValue(MarkerNames.DEFAULT_HEADER).setString("shadow");
            case "baggage" ->
                coyote.getMimeHeaders().addValue("baggage").setString("userId=alice,shadow=synthetic,region=eu-west-1");
            case "malformed" ->
                coyote.getMimeHeaders().addValue(MarkerNames.DEFAULT_HEADER).setString("maybe");
            default -> throw new IllegalArgumentException("Unknown request shape " + shape);
        }
        Request request = new Request(new Connector(), coyote);
        // attribute listeners are looked up on the request's context
        request.getMappingData().context = new StandardContext();
        Response response = new Response(new org.apache.coyote.Response());
        response.setRequest(request);
        request.setResponse(response);
        // what filters are handed: Tomcat's facades
        Exchange exchange = new Exchange(request.getRequest(), response.getResponse(), coyote.getMimeHeaders());
        exchange.arrive();
        return exchange;
    }

    /**
     * Initialise a filter as the container does, under the name Boot registers it with.
     */
    static <F extends Filter> F initialised(F filter, String name) {
        try {
            filter.init(new FilterConfig() {

                @Override
                public String getFilterName() {
                    return name;
                }

                @Override
                public ServletContext getServletContext() {
                    throw new UnsupportedOperationException("No servlet context in a benchmark");
                }

                @Override
                public @Nullable String getInitParameter(String parameter) {
                    return null;
                }

                @Override
                public Enumeration<String> getInitParameterNames() {
                    return Collections.emptyEnumeration();
                }
            });
        } catch (ServletException ex) {
            throw new IllegalStateException(ex);
        }
        return filter;
    }

    /**
     * A request and its response, as a filter receives them.
     */
    static final class Exchange {

        private final HttpServletRequest request;

        private final HttpServletResponse response;

        private final MimeHeaders headers;

        private final byte[][] names;

        private final byte[][] values;

        Exchange(HttpServletRequest request, HttpServletResponse response, MimeHeaders headers) {
            this.request = request;
            this.response = response;
            this.headers = headers;
            this.names = new byte[headers.size()][];
            this.values = new byte[headers.size()][];
            for (int i = 0; i < headers.size(); i++) {
                this.names[i] = headers.getName(i).toString().getBytes(StandardCharsets.ISO_8859_1);
                this.values[i] = headers.getValue(i).toString().getBytes(StandardCharsets.ISO_8859_1);
            }
        }

        /**
         * Put the headers back in the state Tomcat's parser leaves them in: raw bytes, no
         * {@code String} made yet. A header read through the Servlet API becomes a string on its
         * first read in each request, and that cost belongs to whoever reads it first.
         */
        void arrive() {
            for (int i = 0; i < this.names.length; i++) {
                this.headers.getName(i).setBytes(this.names[i], 0, this.names[i].length);
                this.headers.getValue(i).setBytes(this.values[i], 0, this.values[i].length);
            }
        }

        /**
         * Check that every header is still as {@link #arrive} left it, bytes with no string made.
         * @throws IllegalStateException naming the first header that is not
         */
        void assertAsParsed() {
            for (int i = 0; i < this.names.length; i++) {
                if (this.headers.getName(i).getType() != MessageBytes.T_BYTES
                        || this.headers.getValue(i).getType() != MessageBytes.T_BYTES) {
                    throw new IllegalStateException("Header " + this.headers.getName(i)
                            + " was read as a string: the request is no longer as parsed");
                }
            }
        }

        HttpServletRequest request() {
            return this.request;
        }

        HttpServletResponse response() {
            return this.response;
        }
    }

    /**
     * A small Hikari pool over a fresh in-memory H2 database with one counter row.
     * @param name the database name, unique per benchmark
     */
    static HikariDataSource h2Pool(String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setMaximumPoolSize(2);
        config.setPoolName(name);
        HikariDataSource pool = new HikariDataSource(config);
        JdbcTemplate jdbc = new JdbcTemplate(pool);
        jdbc.execute("create table if not exists counter (id int primary key, n bigint not null)");
        jdbc.update("merge into counter key (id) values (1, 0)");
        return pool;
    }

    static long counter(javax.sql.DataSource dataSource) {
        Long n = new JdbcTemplate(dataSource).queryForObject("select n from counter where id = 1", Long.class);
        return (n != null) ? n : -1;
    }
}
