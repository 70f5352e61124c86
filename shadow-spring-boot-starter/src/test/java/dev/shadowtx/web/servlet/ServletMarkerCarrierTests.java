package dev.shadowtx.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.marker.BaggageDetector;
import dev.shadowtx.core.marker.CompositeMarkerDetector;
import dev.shadowtx.core.marker.HeaderDetector;
import dev.shadowtx.core.marker.HostSuffixDetector;
import dev.shadowtx.core.marker.MarkerCarrier;
import dev.shadowtx.core.marker.MarkerDetector;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.core.StandardContext;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServletMarkerCarrierTests {

    private static final String CONNECTOR_REQUEST = "test.connector-request";

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsTomcatsParsedHeadersAsTheServletApiDoes(boolean wrapped) {
        HttpServletRequest request =
                tomcatRequest("Host", "Orders-SHADOW:8080", "X-Shadow", "synthetic", "baggage", "a=1", "Accept", "*/*");
        MarkerCarrier carrier = new ServletMarkerCarrier(wrapped ? new HttpServletRequestWrapper(request) : request);
        assertThat(carrier.hostContainsIgnoreCase("-shadow")).isTrue();
        assertThat(carrier.hostContainsIgnoreCase("-mirror")).isFalse();
        assertThat(carrier.host()).isEqualTo("Orders-SHADOW:8080");
        assertThat(carrier.hasHeader("x-shadow")).isTrue();
        assertThat(carrier.firstHeader("X-SHADOW")).isEqualTo("synthetic");
        assertThat(carrier.hasHeader("traceparent")).isFalse();
        assertThat(carrier.firstHeader("traceparent")).isNull();
        assertThat(carrier.headers("baggage")).containsExactly("a=1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders:8080", "shadow", "orders-shado", "-SHADOx", "orders-shadox-sha"})
    void hostWithoutTheFragmentIsReadWithoutAString(String host) {
        HttpServletRequest request = tomcatRequest("Host", host, "Accept", "*/*");
        MarkerCarrier carrier = new ServletMarkerCarrier(request);
        assertThat(carrier.hostContainsIgnoreCase("-shadow")).isFalse();
        assertThat(carrier.hasHeader("X-Shadow")).isFalse();
        MimeHeaders parsed = ((Request) request.getAttribute(CONNECTOR_REQUEST))
                .getCoyoteRequest()
                .getMimeHeaders();
        assertThat(parsed.getValue("Host").getType()).isEqualTo(MessageBytes.T_BYTES);
        assertThat(parsed.getValue("Accept").getType()).isEqualTo(MessageBytes.T_BYTES);
        assertThat(new ServletMarkerCarrier(new HttpServletRequestWrapper(request)).hostContainsIgnoreCase("-shadow"))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ördérs-shadow:8080", "-ShAdOw", "x.-shadow.y", "orders-v2-shadow:8080", "a--shadow"})
    void hostWithTheFragmentIsFoundInAnyCaseAndAnyBytes(String host) {
        HttpServletRequest request = tomcatRequest("Host", host);
        assertThat(new ServletMarkerCarrier(request).hostContainsIgnoreCase("-shadow"))
                .isTrue();
        assertThat(new ServletMarkerCarrier(new HttpServletRequestWrapper(request)).hostContainsIgnoreCase("-shadow"))
                .isTrue();
    }

    @Test
    void hostIsSearchedInTomcatsBytesAsInItsString() {
        String[] hosts = {"Orders-SHADOW:8080", "orders:8080", "ördérs-shadow", "ÖRDÉRS-Shädow", "xshadow", "-", ""};
        String[] fragments = {"-shadow", "shadow", "SHADOW", "ders", "8080", "-", "s"};
        for (String host : hosts) {
            for (String fragment : fragments) {
                // a fresh request each time: reading it through the Servlet API makes its host a string
                HttpServletRequest request = tomcatRequest("Host", host);
                assertThat(new ServletMarkerCarrier(request).hostContainsIgnoreCase(fragment))
                        .as("%s in %s", fragment, host)
                        .isEqualTo(new ServletMarkerCarrier(new HttpServletRequestWrapper(request))
                                .hostContainsIgnoreCase(fragment))
                        .isEqualTo(host.toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void requestWithoutHostHasNone(boolean wrapped) {
        HttpServletRequest request = tomcatRequest("Accept", "*/*");
        MarkerCarrier carrier = new ServletMarkerCarrier(wrapped ? new HttpServletRequestWrapper(request) : request);
        assertThat(carrier.hostContainsIgnoreCase("-shadow")).isFalse();
        assertThat(carrier.host()).isNull();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void probeAnswersAsTheCarrierDoes(boolean wrapped) {
        for (String host : new String[] {"Orders-SHADOW:8080", "orders:8080", "ördérs-shadow"}) {
            HttpServletRequest tomcat = tomcatRequest("Host", host, "x-shadow", "false", "BAGGAGE", "a=1");
            HttpServletRequest request = wrapped ? new HttpServletRequestWrapper(tomcat) : tomcat;
            MarkerCarrier carrier = new ServletMarkerCarrier(request);
            for (String name : new String[] {"X-Shadow", "baggage", "traceparent", "Host"}) {
                assertThat(ServletMarkerCarrier.PROBE.hasHeader(request, name))
                        .as("%s %s", host, name)
                        .isEqualTo(carrier.hasHeader(name))
                        .isEqualTo(!name.equals("traceparent"));
            }
            for (String fragment : new String[] {"-shadow", "-SHADOW", "8080"}) {
                assertThat(ServletMarkerCarrier.PROBE.hostContainsIgnoreCase(request, fragment))
                        .as("%s %s", host, fragment)
                        .isEqualTo(carrier.hostContainsIgnoreCase(fragment));
            }
        }
        HttpServletRequest hostless = tomcatRequest("Accept", "*/*");
        assertThat(ServletMarkerCarrier.PROBE.hostContainsIgnoreCase(
                        wrapped ? new HttpServletRequestWrapper(hostless) : hostless, "-shadow"))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void probeAnswersEveryQuestionAtOnceAsItAnswersThemOneByOne(boolean readFirst) {
        String[][] requests = {
            {"Host", "orders:8080", "Accept", "*/*"},
            {"Host", "Orders-SHADOW:8080", "Accept", "*/*"},
            {"Accept", "*/*", "x-SHADOW", "false"},
            {"BAGGAGE", "a=1", "Host", "orders"},
            {"Host", "orders", "Host", "orders-shadow"},
            {"Host", "ördérs-shadow"},
            {"Host", "ördérs:8080"},
            {"Host", "Ördérs-SHADOW"},
            {"Hos", "orders-shadow", "X-Shado", "shadow", "baggage2", "a=1"},
            {"Host", "orders-v2-SHADOW:8080", "Date", "today"},
            {"Vary", "x", "Host", "orders-shado", "X-Shadoo", "1"},
            {"Host", "a-b-c-", "Accept", "*/*"},
            {"Host", "ördérs-Shädow", "Hosts", "orders-shadow"},
            {"Date", "today", "baggagE", "a=1"},
            {}
        };
        String[][] questions = {{"X-Shadow", "baggage"}, {"x-shadow"}, {}};
        for (String[] headers : requests) {
            HttpServletRequest tomcat = tomcatRequest(headers);
            if (readFirst) {
                // headers already read as strings by someone before the filter
                tomcat.getHeader("Host");
                tomcat.getHeader("X-Shadow");
            }
            for (HttpServletRequest request : List.of(tomcat, new HttpServletRequestWrapper(tomcat))) {
                for (String[] names : questions) {
                    for (String fragment : new String[] {"-shadow", null}) {
                        boolean oneByOne = false;
                        for (String name : names) {
                            oneByOne |= ServletMarkerCarrier.PROBE.hasHeader(request, name);
                        }
                        oneByOne |= fragment != null
                                && ServletMarkerCarrier.PROBE.hostContainsIgnoreCase(request, fragment);
                        assertThat(ServletMarkerCarrier.PROBE.hasAnyHeaderOrHost(request, names, fragment))
                                .as("%s %s %s", List.of(headers), List.of(names), fragment)
                                .isEqualTo(oneByOne);
                    }
                }
            }
        }
    }

    @Test
    void probeDecidesAnUnmarkedTomcatRequestWithoutMakingAString() {
        HttpServletRequest request = tomcatRequest("Host", "orders:8080", "Accept", "*/*", "traceparent", "00-1-2-01");
        MarkerDetector detectors = new CompositeMarkerDetector(
                List.of(new HostSuffixDetector(), new HeaderDetector("X-Shadow"), new BaggageDetector("shadow")));
        assertThat(detectors.mayDetect(ServletMarkerCarrier.PROBE, request)).isFalse();
        MimeHeaders parsed = ((Request) request.getAttribute(CONNECTOR_REQUEST))
                .getCoyoteRequest()
                .getMimeHeaders();
        for (String name : new String[] {"Host", "Accept", "traceparent"}) {
            assertThat(parsed.getValue(name).getType()).as(name).isEqualTo(MessageBytes.T_BYTES);
        }
    }

    /**
     * Tomcat's own request, its headers left as bytes the way its parser leaves them.
     */
    private static HttpServletRequest tomcatRequest(String... headers) {
        org.apache.coyote.Request coyote = new org.apache.coyote.Request();
        coyote.method().setString("GET");
        coyote.requestURI().setString("/orders");
        for (int i = 0; i < headers.length; i += 2) {
            byte[] name = headers[i].getBytes(StandardCharsets.ISO_8859_1);
            byte[] value = headers[i + 1].getBytes(StandardCharsets.ISO_8859_1);
            coyote.getMimeHeaders().addValue(name, 0, name.length).setBytes(value, 0, value.length);
        }
        Request request = new Request(new Connector(), coyote);
        request.getMappingData().context = new StandardContext();
        request.setAttribute(CONNECTOR_REQUEST, request);
        return request.getRequest();
    }
}
