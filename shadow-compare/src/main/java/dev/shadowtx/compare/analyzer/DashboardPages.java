package dev.shadowtx.compare.analyzer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.HtmlUtils;

/**
 * The dashboard's pages, rendered on the server from a {@link ComparisonReport} so that they read
 * without JavaScript: a summary of endpoints and flagged fields, and a page per field with example
 * primary, secondary and candidate values side by side, the differing part highlighted. The
 * script shipped with the pages only adds filtering.
 */
public final class DashboardPages {

    private final String basePath;

    /** @param basePath path the dashboard is served at, e.g. {@code /shadow-compare} */
    public DashboardPages(String basePath) {
        this.basePath = basePath;
    }

    /** The summary page. */
    public String summary(ComparisonReport report) {
        StringBuilder html = new StringBuilder(4096);
        head(html, "Shadow comparison");
        html.append("<header><h1>Shadow comparison</h1>");
        status(html, report);
        html.append("</header><main>");
        if (report.endpoints().isEmpty()) {
            html.append(
                    "<p class=\"empty\" id=\"empty\">No comparisons yet. Records are judged once their window closes.</p>");
        } else {
            html.append(
                            "<p class=\"controls\" id=\"controls\" hidden><label><input type=\"checkbox\" id=\"only-regressions\"> ")
                    .append("Only regressions</label></p>");
        }
        for (ComparisonReport.EndpointReport endpoint : report.endpoints()) {
            endpoint(html, endpoint);
        }
        html.append("</main>");
        tail(html);
        return html.toString();
    }

    /** The page of one field, or a short page saying it is not (or no longer) in the report. */
    public String field(ComparisonReport report, String service, String endpointName, String path) {
        StringBuilder html = new StringBuilder(4096);
        head(html, path + " · " + endpointName);
        html.append("<header><p class=\"back\"><a href=\"")
                .append(e(this.basePath))
                .append("\">← all endpoints</a></p>");
        html.append("<h1><span class=\"endpoint-name\">")
                .append(e(endpointName))
                .append("</span> <code class=\"path\">")
                .append(e(path))
                .append("</code></h1>");
        ComparisonReport.EndpointReport endpoint = report.endpoint(service, endpointName);
        ComparisonReport.FieldReport field = endpoint == null ? null : endpoint.field(path);
        if (endpoint == null || field == null) {
            html.append(
                    "</header><main><p class=\"empty\">This field has no differences in the current report.</p></main>");
            tail(html);
            return html.toString();
        }
        html.append("<p class=\"summary\">")
                .append(verdict(field))
                .append(" candidate differs in <strong>")
                .append(percent(field.candidateRate()))
                .append("</strong> of ")
                .append(endpoint.candidateComparisons())
                .append(" comparisons; the secondary in <strong>")
                .append(percent(field.noiseRate()))
                .append("</strong> of ")
                .append(endpoint.secondaryComparisons())
                .append(".</p>");
        String note = endpoint.note();
        if (note != null) {
            html.append("<p class=\"note\">").append(e(note)).append("</p>");
        }
        html.append("</header><main>");
        html.append("<table class=\"examples\" id=\"examples\"><thead><tr><th>request id</th><th>primary</th>")
                .append("<th>secondary</th><th>candidate</th></tr></thead><tbody>");
        for (FieldExample example : field.examples()) {
            html.append("<tr><td class=\"id\"><code>").append(e(example.id())).append("</code></td>");
            html.append("<td class=\"value primary\">")
                    .append(plain(example.primary()))
                    .append("</td>");
            html.append(valueCell("secondary", example.primary(), example.secondary(), example.secondaryDiffers()));
            html.append(valueCell("candidate", example.primary(), example.candidate(), example.candidateDiffers()));
            html.append("</tr>");
        }
        html.append("</tbody></table></main>");
        tail(html);
        return html.toString();
    }

    private void status(StringBuilder html, ComparisonReport report) {
        html.append("<p class=\"status\">Analyzer <strong id=\"state\">")
                .append(e(report.state()))
                .append("</strong> · verdict thresholds: relative ")
                .append(percent(report.relativeThreshold()))
                .append(", absolute ")
                .append(percent(report.absoluteThreshold()))
                .append(" · unmatched: ")
                .append(report.unmatchedPrimaries())
                .append(" primaries, ")
                .append(report.unmatchedCopies())
                .append(" copies</p>");
    }

    private void endpoint(StringBuilder html, ComparisonReport.EndpointReport endpoint) {
        html.append("<section class=\"endpoint")
                .append(endpoint.regressions() > 0 ? " has-regressions" : "")
                .append("\" data-endpoint=\"")
                .append(e(endpoint.endpoint()))
                .append("\"><h2><span class=\"endpoint-name\">")
                .append(e(endpoint.endpoint()))
                .append("</span> <small class=\"service\">")
                .append(e(endpoint.service()))
                .append("</small></h2>");
        html.append("<p class=\"counts\"><span class=\"comparisons\">")
                .append(endpoint.comparisons())
                .append(" comparisons</span> · ")
                .append(endpoint.candidateComparisons())
                .append(" with candidate · ")
                .append(endpoint.secondaryComparisons())
                .append(" with secondary · unmatched ")
                .append(endpoint.unmatchedPrimaries())
                .append(" primaries, ")
                .append(endpoint.unmatchedCopies())
                .append(" copies · <strong class=\"regressions\">")
                .append(endpoint.regressions())
                .append(endpoint.regressions() == 1 ? " regression" : " regressions")
                .append("</strong></p>");
        String note = endpoint.note();
        if (note != null) {
            html.append("<p class=\"note\">").append(e(note)).append("</p>");
        }
        if (endpoint.fields().isEmpty()) {
            html.append("<p class=\"identical\">No field differed.</p></section>");
            return;
        }
        html.append("<table class=\"fields\"><thead><tr><th>field</th><th>verdict</th>")
                .append("<th>candidate differs</th><th>secondary differs</th></tr></thead><tbody>");
        for (ComparisonReport.FieldReport field : endpoint.fields()) {
            html.append("<tr class=\"field ")
                    .append(field.verdict().name().toLowerCase(Locale.ROOT))
                    .append("\"><td><a class=\"path\" href=\"")
                    .append(e(fieldLink(endpoint, field)))
                    .append("\">")
                    .append(e(field.path()))
                    .append("</a></td><td>")
                    .append(verdict(field))
                    .append("</td><td class=\"rate\">")
                    .append(percent(field.candidateRate()))
                    .append("</td><td class=\"rate\">")
                    .append(percent(field.noiseRate()))
                    .append("</td></tr>");
        }
        html.append("</tbody></table></section>");
    }

    private String fieldLink(ComparisonReport.EndpointReport endpoint, ComparisonReport.FieldReport field) {
        return this.basePath + "/field?service=" + q(endpoint.service()) + "&endpoint=" + q(endpoint.endpoint())
                + "&path=" + q(field.path());
    }

    private static String verdict(ComparisonReport.FieldReport field) {
        String name = field.verdict().name();
        return "<span class=\"verdict " + name.toLowerCase(Locale.ROOT) + "\">" + name + "</span>";
    }

    private static String valueCell(String role, @Nullable String primary, @Nullable String value, boolean differs) {
        if (!differs) {
            return "<td class=\"value " + role + "\">" + plain(value) + "</td>";
        }
        return "<td class=\"value " + role + " differs\">" + highlighted(primary, value) + "</td>";
    }

    /** The value with the part that differs from the primary's value marked. */
    static String highlighted(@Nullable String primary, @Nullable String value) {
        if (primary == null || value == null) {
            return "<mark>" + plain(value) + "</mark>";
        }
        int prefix = 0;
        int max = Math.min(primary.length(), value.length());
        while (prefix < max && primary.charAt(prefix) == value.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < max - prefix
                && primary.charAt(primary.length() - 1 - suffix) == value.charAt(value.length() - 1 - suffix)) {
            suffix++;
        }
        String middle = value.substring(prefix, value.length() - suffix);
        return "<code>" + e(value.substring(0, prefix)) + "<mark>" + (middle.isEmpty() ? "∅" : e(middle)) + "</mark>"
                + e(value.substring(value.length() - suffix)) + "</code>";
    }

    private static String plain(@Nullable String value) {
        return value == null ? "<em class=\"absent\">absent</em>" : "<code>" + e(value) + "</code>";
    }

    private void head(StringBuilder html, String title) {
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(e(title))
                .append("</title><link rel=\"stylesheet\" href=\"")
                .append(e(this.basePath))
                .append("/assets/dashboard.css\"></head><body>");
    }

    private void tail(StringBuilder html) {
        html.append("<script src=\"").append(e(this.basePath)).append("/assets/dashboard.js\"></script></body></html>");
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f %%", rate * 100);
    }

    private static String e(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
