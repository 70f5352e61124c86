package dev.shadowtx.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.core.marker.MarkerCarrier;
import dev.shadowtx.core.marker.MarkerSignature;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ServletBodyDigestTests {

    @Test
    void bodyIsReadOnceForItsDigestAndTheApplicationReadsItAgain() throws IOException {
        MockHttpServletRequest request = post("text/plain", "probe-body");
        ServletMarkerCarrier carrier = new ServletMarkerCarrier(request, 64);
        assertThat(carrier.request()).isSameAs(request);
        String digest = MarkerSignature.bodyDigest("probe-body".getBytes(StandardCharsets.UTF_8));
        assertThat(carrier.bodyDigest()).isEqualTo(digest);
        assertThat(carrier.bodyDigest()).isEqualTo(digest);
        HttpServletRequest replayed = carrier.request();
        assertThat(new String(replayed.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("probe-body");
        assertThat(replayed.getReader().readLine()).isEqualTo("probe-body");
        assertThat(replayed.getParameterMap()).isEmpty();
    }

    @Test
    void formParametersComeFromTheCheckedBodyAndTheQuery() {
        MockHttpServletRequest request = post("application/x-www-form-urlencoded", "item=a+b&flag&item=%C3%A9&&");
        request.setQueryString("source=probe");
        request.addParameter("source", "probe");
        request.setCharacterEncoding("UTF-8");
        ServletMarkerCarrier carrier = new ServletMarkerCarrier(request, 64);
        carrier.bodyDigest();
        HttpServletRequest replayed = carrier.request();
        assertThat(replayed.getParameter("item")).isEqualTo("a b");
        assertThat(replayed.getParameterValues("item")).containsExactly("a b", "é");
        assertThat(replayed.getParameter("flag")).isEmpty();
        assertThat(replayed.getParameter("source")).isEqualTo("probe");
        assertThat(replayed.getParameter("missing")).isNull();
        assertThat(Collections.list(replayed.getParameterNames())).containsExactly("source", "item", "flag");
    }

    @Test
    void unknownCharacterEncodingReadsTheBodyAsUtf8() throws IOException {
        MockHttpServletRequest request = post("text/plain", "é");
        request.setCharacterEncoding("no-such-charset");
        ServletMarkerCarrier carrier = new ServletMarkerCarrier(request, 64);
        carrier.bodyDigest();
        assertThat(carrier.request().getReader().readLine()).isEqualTo("é");
    }

    @Test
    void replayedStreamIsReadyAtOnceForNonBlockingReaders() throws IOException {
        ServletMarkerCarrier carrier = new ServletMarkerCarrier(post("text/plain", "ab"), 64);
        carrier.bodyDigest();
        ServletInputStream stream = carrier.request().getInputStream();
        List<String> events = new ArrayList<>();
        assertThat(stream.isReady()).isTrue();
        assertThat(stream.isFinished()).isFalse();
        stream.setReadListener(new ReadListener() {

            @Override
            public void onDataAvailable() {
                events.add("data");
            }

            @Override
            public void onAllDataRead() {
                events.add("done");
            }

            @Override
            public void onError(Throwable failure) {
                events.add("error");
            }
        });
        assertThat(events).containsExactly("data", "done");
        assertThat(stream.read()).isEqualTo('a');
        byte[] rest = new byte[4];
        assertThat(stream.read(rest, 0, 4)).isEqualTo(1);
        assertThat(stream.isFinished()).isTrue();
    }

    @Test
    void bodyLargerThanTheLimitIsNotReplayed() {
        MockHttpServletRequest declared = post("text/plain", "x".repeat(65));
        ServletMarkerCarrier byLength = new ServletMarkerCarrier(declared, 64);
        assertThat(byLength.bodyDigest()).isEqualTo(MarkerCarrier.BODY_TOO_LARGE);
        assertThat(byLength.request()).isSameAs(declared);
        MockHttpServletRequest chunked = new MockHttpServletRequest("POST", "/") {

            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        chunked.setContent("x".repeat(65).getBytes(StandardCharsets.UTF_8));
        assertThat(new ServletMarkerCarrier(chunked, 64).bodyDigest()).isEqualTo(MarkerCarrier.BODY_TOO_LARGE);
        assertThat(new ServletMarkerCarrier(post("text/plain", "")).bodyDigest())
                .isEqualTo(MarkerSignature.bodyDigest(new byte[0]));
    }

    @Test
    void unreadableBodyFailsTheRequest() {
        MockHttpServletRequest broken = new MockHttpServletRequest("POST", "/") {

            @Override
            public ServletInputStream getInputStream() {
                return new ServletInputStream() {

                    @Override
                    public boolean isFinished() {
                        return false;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {}

                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        throw new IOException("connection reset");
                    }
                };
            }
        };
        assertThatExceptionOfType(UncheckedIOException.class)
                .isThrownBy(() -> new ServletMarkerCarrier(broken, 64).bodyDigest())
                .withMessageContaining("signed body digest");
    }

    private static MockHttpServletRequest post(String contentType, String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/orders");
        request.setContentType(contentType);
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }
}
