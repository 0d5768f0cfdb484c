package dev.berth.control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The jobs page and the fleet page follow changes live in a real browser, without a reload. */
@QuarkusTest
class JobsPageInBrowserTest {
  private static final String HOST = "live-jobs-agent";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void jobStatesAndHostPresenceUpdateWithoutAReload() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST);
         Browser browser = Browser.open(controlPlane)) {
      browser.signInAsAdmin();
      browser.visit("/jobs?host=" + HOST);
      WebElement page = browser.driver().findElement(By.tagName("body"));

      String id = Admin.api().body("{\"host\":\"" + HOST + "\",\"kind\":\"sleep\",\"params\":{\"seconds\":2}}")
          .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
      browser.until(d -> rowState(d, id).equals("running"));
      browser.until(d -> rowState(d, id).equals("succeeded"));
      assertEquals(page, browser.driver().findElement(By.tagName("body")), "the page was not reloaded");

      browser.visit("/");
      browser.until(d -> d.findElement(By.cssSelector("#hosts a[href='/hosts/" + HOST + "']"))
          .findElement(By.xpath("ancestor::tr")).getText().contains("online"));
      agent.kill();
      browser.until(d -> d.findElement(By.cssSelector("#hosts a[href='/hosts/" + HOST + "']"))
          .findElement(By.xpath("ancestor::tr")).getText().contains("offline"));
    }
  }

  private static String rowState(WebDriver driver, String jobId) {
    return driver.findElements(By.cssSelector("td[title='" + jobId + "']")).stream()
        .map(cell -> cell.findElement(By.xpath("ancestor::tr")).findElement(By.cssSelector(".badge")).getText())
        .findFirst().orElse("");
  }
}
