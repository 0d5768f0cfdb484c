package dev.berth.control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.BerthTls;
import dev.berth.control.support.Admin;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * In a real browser, an admin labels a host on its page, then starts a pull on two hosts from the
 * fleet operations form and watches each host's part reach "succeeded" on the operation's page,
 * live, without a reload (screenshot in {@code target/fleet-operation-in-browser.png}); an offline
 * host's part waits queued until the operation is cancelled from its page.
 */
@QuarkusTest
class FleetOperationPageInBrowserTest {
  private static final String A = "fleetop-web-a";
  private static final String B = "fleetop-web-b";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void startsAPullOnTwoHostsAndFollowsEachHostLive() throws Exception {
    try (AgentProcess a = AgentProcess.startOnline(controlPlane, A);
         AgentProcess b = AgentProcess.startOnline(controlPlane, B);
         Browser browser = Browser.open(controlPlane)) {
      DockerCli docker = new DockerCli(controlPlane, A);
      DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "fleetop-web/local:1");
      assertEquals(0, imported.exit(), imported.output());
      String image = "127.0.0.1:" + BerthTls.httpsUrl().getPort() + "/fleetop-web/busybox:1";
      docker.ok("tag", "fleetop-web/local:1", image);
      docker.ok("push", image);

      browser.signInAsAdmin();
      browser.visit("/hosts/" + B);
      WebDriver page = browser.driver();
      page.findElement(By.id("label-key")).sendKeys("zone");
      page.findElement(By.id("label-value")).sendKeys("web-b");
      page.findElement(By.cssSelector("#label-form button[type=submit]")).click();
      browser.until(d -> d.findElements(By.cssSelector("[data-label='zone']")).size() == 1);
      Admin.api().get("/api/v1/hosts/" + B + "/labels").then().statusCode(200)
          .body("zone", org.hamcrest.Matchers.equalTo("web-b"));

      browser.visit("/fleet/operations");
      new Select(page.findElement(By.id("op-kind"))).selectByValue("pull");
      assertTrue(!page.findElement(By.id("op-name")).isDisplayed(), "run's fields are hidden for a pull");
      page.findElement(By.cssSelector("input[name=hosts][value='" + A + "']")).click();
      page.findElement(By.cssSelector("input[name=hosts][value='" + B + "']")).click();
      page.findElement(By.id("op-image")).sendKeys(image);
      page.findElement(By.cssSelector("#operation-form button[type=submit]")).click();
      browser.until(d -> d.getCurrentUrl().matches(".*/fleet/operations/[0-9a-f-]{36}$"));
      WebElement body = page.findElement(By.tagName("body"));

      browser.until(d -> d.findElement(By.id("operation-state")).getText().equals("succeeded"));
      for (String host : new String[] {A, B}) {
        WebElement row = page.findElement(By.cssSelector("tr[data-host='" + host + "']"));
        assertTrue(row.getText().contains("succeeded"), row.getText());
        assertTrue(row.getText().contains("100%"), row.getText());
      }
      assertTrue(page.findElement(By.cssSelector("tr[data-host='" + B + "']")).getText().contains("layers"),
          browser.whatItShows());
      assertEquals(body, page.findElement(By.tagName("body")), "the page was not reloaded");
      page.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
      Files.write(Path.of("target/fleet-operation-in-browser.png"),
          ((TakesScreenshot) page).getScreenshotAs(OutputType.BYTES));

      browser.visit("/fleet/operations");
      browser.until(d -> d.findElement(By.id("operations")).getText().contains("pull"));
      browser.visit("/?selector=zone=web-b");
      browser.until(d -> d.findElements(By.cssSelector("#hosts a[href='/hosts/" + B + "']")).size() == 1
          && d.findElements(By.cssSelector("#hosts a[href='/hosts/" + A + "']")).isEmpty());

      // An offline host's part waits queued; Cancel on the operation's page ends it and goes away.
      b.kill();
      b.await("host going offline", java.time.Duration.ofSeconds(30), () -> !b.online());
      String waiting = Admin.api().body("{\"kind\":\"prune\",\"target\":{\"hosts\":[\"" + B + "\"]}}")
          .post("/api/v1/fleet/operations").then().statusCode(201).extract().path("id");
      browser.visit("/fleet/operations/" + waiting);
      // Read through until(): the state's fragment is swapped when the page's event stream opens.
      assertEquals("queued", browser.until(d -> d.findElement(By.id("operation-state")).getText()));
      browser.click(By.cssSelector("[data-action=cancel-operation]"));
      browser.until(d -> d.findElement(By.id("operation-state")).getText().equals("cancelled"));
      browser.until(d -> d.findElements(By.cssSelector("[data-action=cancel-operation]")).isEmpty());
    }
  }
}
