package dev.berth.control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.Browser;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The events feed in a real browser against a real agent: what the docker CLI does on the host
 * shows on the host's events page without a reload, and a filter keeps only what it names.
 */
@QuarkusTest
class EventsPageInBrowserTest {
  private static final String HOST = "browser-events";
  private static final String NAME = "web-events";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void showsTheHostsEventsLiveAndFiltered() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST);
         Browser browser = Browser.open(controlPlane)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      try {
        DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "web-events/busybox:1");
        assertEquals(0, imported.exit(), imported.output());
        browser.signInAsAdmin();
        browser.visit("/hosts/" + HOST + "/docker-events?type=container&container=" + NAME);
        WebDriver page = browser.driver();
        browser.until(d -> d.findElement(By.cssSelector(".events-state")).isDisplayed());

        docker.ok("run", "-d", "--name", NAME, "web-events/busybox:1", "sleep", "300");
        browser.until(d -> actions(d).contains("start"));
        docker.ok("rm", "-f", NAME);
        browser.until(d -> actions(d).contains("destroy"));
        List<WebElement> rows = page.findElements(By.cssSelector("#event-rows tr"));
        assertTrue(rows.stream().allMatch(row -> "container".equals(row.getDomAttribute("data-type"))));
        assertTrue(rows.stream().allMatch(row -> row.getText().contains(NAME)), page.findElement(By.id("event-rows")).getText());

        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/events-in-browser.png"), ((TakesScreenshot) page).getScreenshotAs(OutputType.BYTES));

        // Across the fleet, the same events, with their host.
        browser.visit("/docker-events?action=destroy");
        browser.until(d -> d.findElement(By.id("event-rows")).getText().contains(HOST + " container destroy " + NAME));
        assertTrue(actions(page).stream().allMatch("destroy"::equals), actions(page).toString());
      } finally {
        docker.run(null, "rm", "-f", NAME);
      }
    }
  }

  private static List<String> actions(WebDriver page) {
    return page.findElements(By.cssSelector("#event-rows tr")).stream().map(row -> row.getDomAttribute("data-action")).toList();
  }
}
