package dev.janus.placement.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.janus.placement.stats.StatsCollector;
import dev.janus.placement.support.AdminApiTest;
import dev.janus.placement.support.AdminHttp;
import dev.janus.placement.support.Snapshots;
import dev.janus.placement.support.StubCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The placement page in headless Chromium (Debian's chromium and chromedriver; skipped with the
 * reason where they are absent) against a running placement-service whose stub attention-service
 * serves real ActivationSnapshot bytes: the page must show the numbers the stub served, and plan
 * and apply from the page must roll out a new epoch.
 *
 * <p>Authentication is the browser's own: the page is opened as {@code http://admin:KEY@host/...}
 * (what a person types into the login dialog), and Chromium sends those Basic credentials with
 * the page's fetches; the page holds no key of its own.
 */
class AdminPageTest extends AdminApiTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    // layer 0: expert 2 is the hottest (800), chosen with 4 (500 tokens) and 6 (300); layer 1 another pattern
    @RegisterExtension
    static final StubCluster CLUSTER = new StubCluster(2, 8, 2, 2, 1, new Snapshots(2, 8)
            .tokens(0, 2, 4, 500).tokens(0, 2, 6, 300).tokens(0, 1, 3, 40)
            .tokens(1, 5, 7, 900).tokens(1, 0, 5, 100).build());

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        CLUSTER.register(registry, "page");
    }

    @Autowired
    StatsCollector collector;
    WebDriver browser;

    /**
     * Per test, not in a {@code @BeforeAll}: Surefire reports a class aborted there as 0 tests
     * and drops the reason; here each test is reported skipped with it (the context is loaded first).
     */
    @BeforeEach
    void start(@TempDir Path profile) {
        assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: install Debian's chromium "
                + "(apt-get install chromium chromium-driver; .ci/run does) to run the page test");
        assumeTrue(Files.isExecutable(CHROMEDRIVER), CHROMEDRIVER + " is missing: install Debian's "
                + "chromium-driver (apt-get install chromium-driver; .ci/run does) to run the page test");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1400,1100", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void heatmapsAndPlacementShowTheNumbersTheAttentionServiceServed() {
        collector.poll();
        CLUSTER.attention.getFirst().snapshot(new Snapshots(2, 8)
                .tokens(0, 2, 4, 600).tokens(0, 2, 6, 300).tokens(0, 1, 3, 40)
                .tokens(1, 5, 7, 900).tokens(1, 0, 5, 100).build());
        collector.poll();
        int polls = admin.get("/admin/placement/stats/history?layer=0").json().get("polls").size();
        assertThat(polls).isGreaterThanOrEqualTo(2);

        open();
        WebElement load = waitFor("#load-heatmap svg[data-layer='0'][data-polls='" + polls + "']");
        assertThat(load.getDomAttribute("data-experts")).isEqualTo("8");
        int last = polls - 1;
        assertThat(tokens("#load-heatmap rect[data-expert='2'][data-poll='" + (last - 1) + "']")).isEqualTo(800);
        assertThat(tokens("#load-heatmap rect[data-expert='2'][data-poll='" + last + "']")).isEqualTo(900);
        assertThat(tokens("#load-heatmap rect[data-expert='4'][data-poll='" + last + "']")).isEqualTo(600);
        assertThat(tokens("#load-heatmap rect[data-expert='0'][data-poll='" + last + "']")).isZero();
        assertThat(hottestExpert(last)).as("the hottest expert of the newest poll").isEqualTo(2);
        assertThat(browser.findElement(By.cssSelector("#load-scale svg")).getDomAttribute("data-max")).isEqualTo("900");

        waitFor("#coactivation-heatmap svg[data-layer='0']");
        assertThat(tokens("#coactivation-heatmap rect[data-a='2'][data-b='4']")).isEqualTo(600);
        assertThat(tokens("#coactivation-heatmap rect[data-a='4'][data-b='2']")).isEqualTo(600);
        assertThat(tokens("#coactivation-heatmap rect[data-a='6'][data-b='2']")).isEqualTo(300);
        assertThat(tokens("#coactivation-heatmap rect[data-a='1'][data-b='3']")).isEqualTo(40);
        assertThat(tokens("#coactivation-heatmap rect[data-a='2'][data-b='2']")).as("diagonal: own load").isEqualTo(900);
        assertThat(tokens("#coactivation-heatmap rect[data-a='0'][data-b='7']")).isZero();

        JsonNode placement = admin.get("/admin/placement").json();
        assertThat(browser.findElement(By.id("version")).getDomAttribute("data-version"))
                .isEqualTo(placement.get("version").asText());
        for (JsonNode instance : placement.get("placement").get(0).get("instances")) {
            List<String> expected = new ArrayList<>();
            instance.get("replicas").forEach(r -> expected.add(r.get("expert").asText()));
            List<String> shown = browser.findElements(By.cssSelector("#placement tr[data-instance='"
                    + instance.get("instance").asInt() + "'] .replica")).stream().map(e -> e.getDomAttribute("data-expert")).toList();
            assertThat(shown).as("instance " + instance.get("instance")).isEqualTo(expected);
        }
        assertThat(tokens("#placement .replica[data-expert='2']")).isEqualTo(900);
        assertThat(browser.findElements(By.cssSelector("#history tr[data-version]"))).isNotEmpty();

        new Select(browser.findElement(By.id("layer"))).selectByValue("1");
        waitFor("#load-heatmap svg[data-layer='1']");
        waitFor("#coactivation-heatmap svg[data-layer='1']");
        assertThat(tokens("#load-heatmap rect[data-expert='5'][data-poll='" + last + "']")).isEqualTo(1000);
        assertThat(tokens("#coactivation-heatmap rect[data-a='5'][data-b='7']")).isEqualTo(900);
        assertThat(tokens("#placement .replica[data-expert='5']")).isEqualTo(1000);
        assertThat(browser.findElement(By.id("problem")).isDisplayed()).isFalse();
    }

    @Test
    void aPlanMadeOnThePageShowsItsPredictedEffectAndApplyingItRollsOutANewEpoch() {
        collector.poll();
        long before = admin.get("/admin/placement").json().get("version").asLong();
        open();
        waitFor("#version[data-version='" + before + "']");

        // an invalid plan: the server's problem detail is shown
        browser.findElement(By.id("plan-layers")).sendKeys("9");
        browser.findElement(By.id("plan-button")).click();
        WebElement problem = waitFor("#problem[data-status='400']");
        String detail = admin.post("/admin/placement/plans", "{\"layers\":[9]}").json().get("detail").asText();
        assertThat(problem.findElement(By.cssSelector(".detail")).getText()).isEqualTo(detail);

        browser.findElement(By.id("plan-layers")).clear();
        new Select(browser.findElement(By.id("policy"))).selectByValue("janus");
        browser.findElement(By.id("plan-button")).click();
        String id = waitFor("#plan[data-plan-id]").getDomAttribute("data-plan-id");
        assertThat(browser.findElement(By.id("problem")).isDisplayed()).as("a new action clears the problem").isFalse();
        JsonNode effect = admin.get("/admin/placement/plans/" + id).json().get("effect");
        assertThat(effect.get("layers")).hasSize(2);
        for (JsonNode layer : effect.get("layers")) {
            String row = "#plan-effect tr[data-layer='" + layer.get("layer").asInt() + "'] ";
            for (String field : List.of("mean_a_max", "p99_a_max", "max_tokens_per_instance")) {
                assertThat(value(row + "td[data-field='" + field + "_before']")).as(field + " before")
                        .isEqualTo(layer.get("before").get(field).asDouble());
                assertThat(value(row + "td[data-field='" + field + "_after']")).as(field + " after")
                        .isEqualTo(layer.get("after").get(field).asDouble());
            }
        }
        assertThat(value("#plan-summary .mean-a-max-before")).isEqualTo(effect.get("mean_a_max_before").asDouble());
        assertThat(value("#plan-summary .mean-a-max-after")).isEqualTo(effect.get("mean_a_max_after").asDouble());

        browser.findElement(By.id("apply")).click();
        long after = before + 1;
        waitFor("#version[data-version='" + after + "']");
        WebElement rollout = waitFor("#rollout[data-version='" + after + "']");
        assertThat(rollout.findElement(By.cssSelector(".timing.total")).getDomAttribute("data-ms")).matches("\\d+");
        assertThat(rollout.getText()).contains("v" + after, "was v" + before, "prepare", "commit");
        waitFor("#history tr.current[data-version='" + after + "']");
        assertThat(browser.findElement(By.id("apply")).isEnabled()).as("a plan is applied once").isFalse();

        JsonNode placement = admin.get("/admin/placement").json();
        assertThat(placement.get("version").asLong()).isEqualTo(after);
        assertThat(placement.get("history").get(0).get("plan_id").asText()).isEqualTo(id);
        assertThat(CLUSTER.attention.getFirst().current().version()).isEqualTo(after);
        // the page's placement table is the new epoch's
        for (JsonNode instance : placement.get("placement").get(0).get("instances")) {
            List<String> expected = new ArrayList<>();
            instance.get("replicas").forEach(r -> expected.add(r.get("expert").asText()));
            assertThat(browser.findElements(By.cssSelector("#placement tr[data-instance='"
                    + instance.get("instance").asInt() + "'] .replica")).stream().map(e -> e.getDomAttribute("data-expert")).toList())
                    .isEqualTo(expected);
        }
    }

    /** The page, with the admin key as the Basic password in the address (the user name is ignored). */
    private void open() {
        browser.get("http://admin:" + AdminHttp.KEY + "@127.0.0.1:" + port + "/admin/placement/ui");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            String s = d.findElement(By.tagName("body")).getDomAttribute("data-state");
            return "ready".equals(s) || "error".equals(s);
        });
        assertThat(browser.findElement(By.tagName("body")).getDomAttribute("data-state"))
                .as("the page loaded without a problem: " + browser.findElement(By.id("problem")).getText())
                .isEqualTo("ready");
    }

    /** The first element matching {@code css} once it is shown (the page re-renders: stale ones are looked up again). */
    private WebElement waitFor(String css) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst()
                        .orElse(null));
    }

    private long tokens(String css) {
        return Long.parseLong(browser.findElement(By.cssSelector(css)).getDomAttribute("data-tokens"));
    }

    private double value(String css) {
        return Double.parseDouble(browser.findElement(By.cssSelector(css)).getDomAttribute("data-value"));
    }

    private int hottestExpert(int poll) {
        int hottest = -1;
        long most = -1;
        for (WebElement cell : browser.findElements(By.cssSelector("#load-heatmap rect[data-poll='" + poll + "']"))) {
            long n = Long.parseLong(cell.getDomAttribute("data-tokens"));
            if (n > most) {
                most = n;
                hottest = Integer.parseInt(cell.getDomAttribute("data-expert"));
            }
        }
        return hottest;
    }
}
