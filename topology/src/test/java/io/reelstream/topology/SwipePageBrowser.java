package io.reelstream.topology;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Headless Chromium through its chromedriver (Debian's chromium + chromium-driver, which .ci/run
 * installs), driven by Selenium. {@link #open} skips the calling test, with what to install, when
 * either is missing. The page exposes its state on {@code <body data-*>} (ready, live,
 * last-swipe-event, last-cause) so the test waits on facts, not on sleeps.
 */
final class SwipePageBrowser implements AutoCloseable {
    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    /** Where screenshots go besides target/page-screenshots (the README's live in docs/). */
    static final String SCREENSHOTS_PROPERTY = "page.screenshots.dir";

    private final ChromeDriver driver;
    private final Path screenshots;

    private SwipePageBrowser(ChromeDriver driver) throws Exception {
        this.driver = driver;
        this.screenshots = Files.createDirectories(Path.of("target", "page-screenshots"));
    }

    /** A headless browser, or the calling test skipped when chromium or chromedriver is not installed. */
    static SwipePageBrowser open() throws Exception {
        String browser = System.getProperty("chromium.binary", firstExisting(BROWSERS));
        String driverPath = System.getProperty("chromedriver.binary", firstExisting(DRIVERS));
        Assumptions.assumeTrue(browser != null && driverPath != null && new File(browser).canExecute()
                        && new File(driverPath).canExecute(),
                "browser test skipped: chromium (" + browser + ") or chromedriver (" + driverPath + ") not found; "
                        + "install them with 'apt-get install -y chromium chromium-driver' (.ci/run does) or set "
                        + "-Dchromium.binary and -Dchromedriver.binary");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1180", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driverPath))
                .usingAnyFreePort().build();
        return new SwipePageBrowser(new ChromeDriver(service, options));
    }

    private static String firstExisting(List<String> paths) {
        return paths.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
    }

    WebDriver driver() {
        return driver;
    }

    void load(String url) {
        driver.get(url);
        waitFor(() -> "on".equals(data("live")) && "yes".equals(data("ready")), "page loaded, live and showing a card");
    }

    /** body's data-{name} (camelCase as in JavaScript's dataset). */
    String data(String name) {
        return (String) ((JavascriptExecutor) driver).executeScript("return document.body.dataset[arguments[0]] || null;", name);
    }

    String text(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector)).getText();
    }

    List<String> texts(String cssSelector) {
        List<String> out = new ArrayList<>();
        for (WebElement e : driver.findElements(By.cssSelector(cssSelector))) out.add(e.getText());
        return out;
    }

    void click(String cssSelector) {
        driver.findElement(By.cssSelector(cssSelector)).click();
    }

    void key(Keys key) {
        driver.findElement(By.tagName("body")).sendKeys(key);
    }

    void type(String cssSelector, String value) {
        WebElement input = driver.findElement(By.cssSelector(cssSelector));
        input.clear();
        input.sendKeys(value, Keys.ENTER);
    }

    /** Opens a second tab on {@code url}; returns the first tab's handle. */
    String openSecondTab(String url) {
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        load(url);
        return first;
    }

    void switchTo(String handle) {
        driver.switchTo().window(handle);
    }

    String windowHandle() {
        return driver.getWindowHandle();
    }

    /** Polls every 10 ms up to {@code SwipePageIntegrationTest.WAIT}; returns the wait in ms. */
    long waitFor(Supplier<Boolean> condition, String what) {
        long t0 = System.nanoTime();
        long deadline = t0 + SwipePageIntegrationTest.WAIT.toNanos();
        while (!Objects.equals(condition.get(), Boolean.TRUE)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = screenshots.resolve(name);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        String extra = System.getProperty(SCREENSHOTS_PROPERTY);
        if (extra != null && !extra.isBlank()) {
            Path dir = Files.createDirectories(Path.of(extra));
            Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
