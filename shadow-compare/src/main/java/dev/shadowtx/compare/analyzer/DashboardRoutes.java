package dev.shadowtx.compare.analyzer;

import java.util.Optional;
import java.util.Set;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Serves the dashboard: the summary page at the base path, a page per field below it, and the
 * stylesheet and script from the jar. A field page without its parameters answers 400
 * problem+json.
 */
public final class DashboardRoutes {

    private static final Set<String> ASSETS = Set.of("dashboard.css", "dashboard.js");

    private static final String ASSET_LOCATION = "dev/shadowtx/compare/analyzer/dashboard/";

    private DashboardRoutes() {}

    /** The routes of a dashboard at {@code basePath} over those reports. */
    public static RouterFunction<ServerResponse> of(String basePath, AnalyzerReports reports) {
        DashboardPages pages = new DashboardPages(basePath);
        MediaType html = new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8);
        return RouterFunctions.route()
                .GET(basePath, request -> ServerResponse.ok().contentType(html).body(pages.summary(reports.report())))
                .GET(basePath + "/field", request -> field(request, pages, reports, html))
                .GET(basePath + "/assets/{name}", DashboardRoutes::asset)
                .build();
    }

    private static ServerResponse field(
            ServerRequest request, DashboardPages pages, AnalyzerReports reports, MediaType html) {
        Optional<String> service = request.param("service");
        Optional<String> endpoint = request.param("endpoint");
        Optional<String> path = request.param("path");
        if (service.isEmpty() || endpoint.isEmpty() || path.isEmpty()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_REQUEST, "a field page needs the query parameters service, endpoint and path");
            return ServerResponse.badRequest()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        return ServerResponse.ok()
                .contentType(html)
                .body(pages.field(reports.report(), service.get(), endpoint.get(), path.get()));
    }

    private static ServerResponse asset(ServerRequest request) {
        String name = request.pathVariable("name");
        if (!ASSETS.contains(name)) {
            return ServerResponse.notFound().build();
        }
        MediaType type = name.endsWith(".css") ? MediaType.valueOf("text/css") : MediaType.valueOf("text/javascript");
        return ServerResponse.ok().contentType(type).body(new ClassPathResource(ASSET_LOCATION + name));
    }
}
