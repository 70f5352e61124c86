package dev.shadowtx.compare.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.compare.analyzer.AnalyzerReports;
import dev.shadowtx.compare.analyzer.ComparisonReport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in a real browser (headless Chromium driven by Selenium): what a person sees on
 * the summary and on a field's page. Skipped, with the reason printed, where Chromium or
 * chromedriver is not installed.
 */
@AnalyzerTestApplication.AnalyzerApplicationTest
class DashboardBrowserTests {

    private static final String SERVICE = "storefront";

    private static WebDriver browser;

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    @LocalServerPort
    int port;

    @Autowired
    AnalyzerReports reports;

    @BeforeAll
    static void startBrowser() {
        Optional<Path> driver = onPath("chromedriver");
        Optional<Path> chromium = Stream.of("chromium", "chromium-browser", "google-chrome")
                .map(DashboardBrowserTests::onPath)
                .flatMap(Optional::stream)
                .findFirst();
        if (driver.isEmpty() || chromium.isEmpty()) {
            String reason = "Dashboard browser test skipped: " + (driver.isEmpty() ? "chromedriver" : "chromium")
                    + " is not on the PATH (install with: apt-get install -y chromium chromium-driver)";
            System.out.println("[compare] " + reason);
            Assumptions.abort(reason);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Test
    void showsTheRegressionOnTheSummaryAndTheDifferingValuesSideBySide() throws Exception {
        AnalyzerTestApplication.publish(this.brokers, AnalyzerApplicationTests.triples(SERVICE, 20, 5));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ComparisonReport report = this.reports.report();
            ComparisonReport.EndpointReport endpoint = report.endpoint(SERVICE, "POST /orders");
            assertThat(endpoint).as(report.toString()).isNotNull();
            assertThat(endpoint.comparisons()).as(report.toString()).isEqualTo(20);
        });

        browser.get("http://127.0.0.1:" + this.port + "/shadow-compare");
        assertThat(browser.getTitle()).isEqualTo("Shadow comparison");
        WebElement section = browser.findElements(By.cssSelector("section.endpoint")).stream()
                .filter(element -> element.findElement(By.cssSelector(".service"))
                        .getText()
                        .equals(SERVICE))
                .findFirst()
                .orElseThrow();
        assertThat(section.findElement(By.cssSelector(".endpoint-name")).getText())
                .isEqualTo("POST /orders");
        assertThat(section.findElement(By.cssSelector(".counts")).getText()).contains("20 comparisons", "1 regression");
        List<WebElement> rows = section.findElements(By.cssSelector("tr.field"));
        assertThat(rows)
                .extracting(WebElement::getText)
                .containsExactly("body.total REGRESSION 20.0 % 0.0 %", "body.id NOISE 100.0 % 100.0 %");
        WebElement badge = rows.get(0).findElement(By.cssSelector(".verdict"));
        assertThat(badge.getCssValue("color")).isEqualTo("rgba(179, 38, 30, 1)");
        screenshot("compare-dashboard.png");

        browser.findElement(By.id("only-regressions")).click();
        assertThat(rows.get(1).isDisplayed()).isFalse();
        assertThat(rows.get(0).isDisplayed()).isTrue();

        rows.get(0).findElement(By.cssSelector("a.path")).click();
        assertThat(browser.findElement(By.cssSelector("h1")).getText()).isEqualTo("POST /orders body.total");
        assertThat(browser.findElement(By.cssSelector(".summary")).getText())
                .contains("REGRESSION", "candidate differs in 20.0 % of 20 comparisons", "secondary in 0.0 % of 20");
        List<WebElement> examples = browser.findElements(By.cssSelector("#examples tbody tr"));
        assertThat(examples).hasSize(3);
        for (WebElement example : examples) {
            assertThat(example.findElement(By.cssSelector("td.primary")).getText())
                    .isEqualTo("10.0");
            assertThat(example.findElement(By.cssSelector("td.secondary")).getText())
                    .isEqualTo("10.0");
            WebElement candidate = example.findElement(By.cssSelector("td.candidate"));
            assertThat(candidate.getText()).isEqualTo("11.0");
            assertThat(candidate.getAttribute("class")).contains("differs");
            assertThat(candidate.findElement(By.tagName("mark")).getText()).isEqualTo("1");
            assertThat(candidate.getCssValue("background-color")).isEqualTo("rgba(253, 231, 229, 1)");
        }
        screenshot("compare-dashboard-field.png");
    }

    private static void screenshot(String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
