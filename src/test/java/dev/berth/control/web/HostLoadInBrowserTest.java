package dev.berth.control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.control.fleet.Host;
import dev.berth.control.fleet.HostStats;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.Browser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * A real agent's load reports in a real browser: the fleet page shows the host's CPU, memory, disk,
 * network and block I/O with its containers by state; the host page charts them and follows the
 * next report without a reload.
 */
@QuarkusTest
class HostLoadInBrowserTest {
  private static final String HOST = "browser-load";
  @TestHTTPResource("/") URL controlPlane;
  @Inject HostStats stats;

  @Test
  void fleetAndHostPagesShowTheHostsLoadLive() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST);
         Browser browser = Browser.open(controlPlane)) {
      browser.signInAsAdmin();
      browser.until(d -> { // the agent reports its load right after it connects
        browser.visit("/");
        return !d.findElements(By.cssSelector("tr[data-host='" + HOST + "'] td[data-stat=cpu]")).isEmpty();
      });
      // The table is redrawn live (on every report): each cell is read afresh until it reads as expected.
      showsInRow(browser, "cpu", "\\d+% of \\d+ CPUs");
      showsInRow(browser, "memory", "[\\d.]+ [KMGT]iB of [\\d.]+ [KMGT]iB");
      showsInRow(browser, "disk", "[\\d.]+ [KMGT]iB of [\\d.]+ [KMGT]iB");
      showsInRow(browser, "network", "[\\d.]+ [KMG]?i?B/s / [\\d.]+ [KMG]?i?B/s");
      showsInRow(browser, "block", "[\\d.]+ [KMG]?i?B/s / [\\d.]+ [KMG]?i?B/s");
      showsInRow(browser, "containers", "none");
      browser.screenshot("fleet-load-in-browser");

      browser.visit("/hosts/" + HOST);
      WebElement body = browser.driver().findElement(By.tagName("body"));
      browser.until(d -> !d.findElement(By.cssSelector("#load polyline.cpu")).getDomAttribute("points").isBlank()
          && d.findElements(By.cssSelector("#load dd[data-stat]")).size() == 5);

      UUID hostId = QuarkusTransaction.requiringNew().call(() -> Host.findByName(HOST).orElseThrow().id);
      stats.record(hostId, new ObjectMapper().readTree("""
          {"cpuPercent": 87.4, "memoryUsedBytes": 1073741824, "memoryTotalBytes": 4294967296,
           "diskUsedBytes": 1, "diskTotalBytes": 2, "netReceivedPerSecond": 2048, "netSentPerSecond": 1024,
           "blockReadPerSecond": 0, "blockWrittenPerSecond": 3145728}"""), Instant.now());
      browser.until(d -> d.findElement(By.cssSelector("#load dd[data-stat=cpu]")).getText().startsWith("87%"));
      assertTrue(browser.driver().findElement(By.cssSelector("#load dd[data-stat=block]")).getText().contains("3.0 MiB/s written"));
      assertEquals(body, browser.driver().findElement(By.tagName("body")), "the page was not reloaded");
      ((JavascriptExecutor) browser.driver()).executeScript("document.getElementById('load').scrollIntoView()");
      browser.screenshot("host-load-in-browser");
    }
  }

  private static void showsInRow(Browser browser, String stat, String pattern) {
    browser.until(d -> d.findElement(By.cssSelector("tr[data-host='" + HOST + "'] td[data-stat=" + stat + "]"))
        .getText().strip().matches("(?s)" + pattern + ".*"));
  }
}
