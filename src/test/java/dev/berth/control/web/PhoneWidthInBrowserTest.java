package dev.berth.control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.Browser;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * Every main page at a phone's width (390 px) in a real browser: nothing makes the page wider than
 * the screen (tables scroll inside their cards), the navigation folds into a menu that opens, every
 * form field has a label, and the first Tab reaches the skip link. A screenshot of each page is saved
 * under target/phone-*.png.
 */
@QuarkusTest
class PhoneWidthInBrowserTest {
  private static final String HOST = "browser-phone";
  private static final String CONTAINER = "phone-ctr-with-a-rather-long-name-to-wrap";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void everyMainPageFitsAPhoneAndLabelsItsFields() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST);
         Browser browser = Browser.open(controlPlane)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      try {
        DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "phone/busybox:1");
        assertEquals(0, imported.exit(), imported.output());
        docker.ok("run", "-d", "--name", CONTAINER, "-p", "127.0.0.1::80", "--label", "phone=yes", "phone/busybox:1", "sleep", "60");
        browser.emulatePhone(390, 844);
        browser.signInAsAdmin();
        WebDriver page = browser.driver();
        List<String> problems = new ArrayList<>();
        for (String path : List.of("/", "/hosts/" + HOST, "/hosts/" + HOST + "/containers/" + CONTAINER, "/containers",
            "/images", "/volumes", "/networks", "/backups", "/jobs", "/docker-events", "/registry", "/logs?label=phone",
            "/search?q=phone", "/users", "/audit", "/account")) {
          browser.visit(path);
          browser.until(d -> "complete".equals(js(d, "return document.readyState")));
          String name = "phone" + path.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-$", "");
          browser.screenshot(name);
          Object overflow = js(page, """
              const width = document.documentElement.clientWidth;
              if (document.documentElement.scrollWidth <= width) { return null; }
              return document.documentElement.scrollWidth + ' > ' + width + ': ' + Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right > width + 1).slice(0, 4)
                .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')).join(', ');""");
          if (overflow != null) {
            problems.add(path + " is wider than the screen: " + overflow);
          }
          Object unlabelled = js(page, """
              return Array.from(document.querySelectorAll('input, select, textarea'))
                .filter(e => !['hidden', 'submit', 'button'].includes(e.type) && !(e.labels && e.labels.length)
                  && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby') && !e.title)
                .map(e => e.outerHTML.slice(0, 100)).join(' ');""");
          if (!unlabelled.toString().isEmpty()) {
            problems.add(path + " has fields without a label: " + unlabelled);
          }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));

        browser.visit("/");
        assertFalse(page.findElement(By.id("main-nav")).isDisplayed(), "the navigation is folded");
        page.findElement(By.cssSelector(".menu-toggle")).click();
        browser.until(d -> d.findElement(By.linkText("Containers")).isDisplayed());
        assertEquals("true", page.findElement(By.cssSelector(".menu-toggle")).getDomAttribute("aria-expanded"));
        browser.screenshot("phone-menu-open");

        browser.visit("/");
        new Actions(page).sendKeys(Keys.TAB).perform();
        assertEquals("Skip to content", page.switchTo().activeElement().getText(), "the first Tab reaches the skip link");
      } finally {
        docker.run(null, "rm", "-f", CONTAINER);
      }
    }
  }

  private static Object js(WebDriver driver, String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }
}
