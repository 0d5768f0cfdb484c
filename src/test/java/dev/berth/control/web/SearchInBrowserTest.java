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
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * The layout's search box in a real browser: a host, a container, its image and a volume of a
 * real agent are found by part of their names, each linking to its page; text is shown as text.
 */
@QuarkusTest
class SearchInBrowserTest {
  private static final String HOST = "browser-search";
  private static final String NAME = "findme-ctr";
  private static final String VOLUME = "findme-vol";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void findsHostsContainersImagesAndVolumesByName() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST);
         Browser browser = Browser.open(controlPlane)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      try {
        DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "findme/busybox:1");
        assertEquals(0, imported.exit(), imported.output());
        docker.ok("volume", "create", VOLUME);
        docker.ok("create", "--name", NAME, "findme/busybox:1", "sleep", "1");
        browser.signInAsAdmin();
        WebDriver page = browser.driver();
        browser.until(d -> { // the inventory follows the host within seconds
          browser.visit("/");
          d.findElement(By.id("layout-search")).sendKeys("findme", Keys.ENTER);
          return d.findElements(By.cssSelector("#search-results tr")).size() >= 3;
        });
        assertEquals("container", page.findElement(By.linkText(NAME)).findElement(By.xpath("ancestor::tr")).getDomAttribute("data-kind"));
        assertEquals("image", page.findElement(By.linkText("findme/busybox:1")).findElement(By.xpath("ancestor::tr")).getDomAttribute("data-kind"));
        assertEquals("volume", page.findElement(By.linkText(VOLUME)).findElement(By.xpath("ancestor::tr")).getDomAttribute("data-kind"));
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/search-in-browser.png"), ((TakesScreenshot) page).getScreenshotAs(OutputType.BYTES));

        page.findElement(By.linkText(NAME)).click();
        browser.until(d -> d.getCurrentUrl().contains("/hosts/" + HOST + "/containers/"));

        browser.visit("/search?q=browser-sea");
        assertTrue(page.findElement(By.linkText(HOST)).getDomAttribute("href").equals("/hosts/" + HOST));
        browser.visit("/search?q=%3Cb%3Enothing");
        assertTrue(page.findElement(By.tagName("main")).getText().contains("Nothing matches “<b>nothing”"));
      } finally {
        docker.run(null, "rm", "-f", NAME);
        docker.run(null, "volume", "rm", VOLUME);
      }
    }
  }
}
