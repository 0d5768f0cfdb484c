package dev.berth.control.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) pointed at the control
 * plane under test, with a fresh profile and download directory. Nothing is downloaded: the driver
 * path is explicit, so Selenium Manager never runs. Close it to quit the browser.
 */
public final class Browser implements AutoCloseable {
  /** How long a wait on what the page shows lasts before it fails. */
  public static final Duration PATIENCE = Duration.ofSeconds(20);

  private static final String CHROMIUM = System.getProperty("berth.chromium", "/usr/bin/chromium");
  private static final String CHROMEDRIVER = System.getProperty("berth.chromedriver", "/usr/bin/chromedriver");

  private final URL controlPlane;
  private final Path profile;
  private final Path downloads;
  private final WebDriver driver;

  private Browser(URL controlPlane) throws IOException {
    this.controlPlane = controlPlane;
    this.profile = Files.createTempDirectory("berth-browser-profile");
    this.downloads = Files.createTempDirectory("berth-browser-downloads");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments(
        "--headless=new", "--window-size=1280,900", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile);
    options.setExperimentalOption("prefs", Map.of(
        "download.default_directory", downloads.toString(), "download.prompt_for_download", false));
    // An explicit driver executable makes Selenium skip Selenium Manager (no downloads).
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    try {
      this.driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      delete(profile);
      delete(downloads);
      throw e;
    }
  }

  /** Starts a browser for the control plane at {@code controlPlane} (a {@code @TestHTTPResource("/")}). */
  public static Browser open(URL controlPlane) throws IOException {
    return new Browser(controlPlane);
  }

  /** The WebDriver, for what this class does not wrap. */
  public WebDriver driver() {
    return driver;
  }

  /** Opens {@code path} (e.g. {@code /images?host=a}) on the control plane. */
  public void visit(String path) {
    driver.get(controlPlane.toString().replaceFirst("/$", "") + path);
  }

  /** Signs in as the bootstrap admin through the login form and waits for the fleet page. */
  public void signInAsAdmin() {
    visit("/login");
    driver.findElement(By.id("username")).sendKeys("admin");
    driver.findElement(By.id("password")).sendKeys(Admin.password());
    driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form.signout")));
  }

  /** Waits up to {@link #PATIENCE} for {@code condition} to be non-null and not false; returns its value. */
  public <T> T until(Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, PATIENCE).ignoring(StaleElementReferenceException.class).until(condition);
    } catch (TimeoutException e) {
      throw new AssertionError(e.getMessage().lines().findFirst().orElse("timed out") + "\n" + whatItShows(), e);
    }
  }

  /**
   * Clicks what {@code locator} finds, finding it again if a live update replaced it between the
   * find and the click (fragments refresh when the page's event stream opens).
   */
  public void click(By locator) {
    until(d -> {
      d.findElement(locator).click();
      return true;
    });
  }

  /** The page's address and visible text, for a failure's message. */
  public String whatItShows() {
    try {
      return "the browser shows " + driver.getCurrentUrl() + ":\n" + driver.findElement(By.tagName("body")).getText();
    } catch (WebDriverException e) {
      return "the browser shows nothing readable: " + e.getMessage().lines().findFirst().orElse("");
    }
  }

  /** Waits for a {@code prompt()}, {@code confirm()} or {@code alert()} dialog and returns it. */
  public Alert dialog() {
    return until(ExpectedConditions.alertIsPresent());
  }

  /**
   * Runs a user's action and waits for the page to load again, as it does after every action that
   * succeeds; fails at once when the page reports a failure in an actions card's status line.
   */
  public void reloadsAfter(Runnable action) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    js.executeScript("window.berthBeforeAction = true;");
    action.run();
    until(d -> {
      List<WebElement> failures = d.findElements(By.cssSelector(".actions .status.error"));
      if (!failures.isEmpty()) {
        throw new AssertionError("the page reports a failure: " + failures.get(0).getText());
      }
      return Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
          "return window.berthBeforeAction === undefined && document.readyState === 'complete';"));
    });
  }

  /** Shows pages as a phone of {@code width} × {@code height} CSS pixels would (touch, mobile viewport). */
  public void emulatePhone(int width, int height) {
    ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
  }

  /** Saves a screenshot of the page as {@code target/<name>.png}, for inspection after the test. */
  public void screenshot(String name) throws IOException {
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  /** Where the browser saves downloads. */
  public Path downloads() {
    return downloads;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      delete(profile);
      delete(downloads);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
