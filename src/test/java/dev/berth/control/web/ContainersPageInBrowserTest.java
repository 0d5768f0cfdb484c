package dev.berth.control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.Browser;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Containers in a real browser against a real agent: run one from the host page's form, see it
 * running in the list without a reload, open its page and watch its log grow live, stop, start,
 * kill and remove it with the page's buttons — each checked on the host with the docker CLI.
 * What the container says and carries (HTML in its log, command and environment) shows as text.
 */
@QuarkusTest
class ContainersPageInBrowserTest {
  private static final String HOST = "browser-containers";
  private static final String NAME = "web-ticker";
  private static final Pattern TICK = Pattern.compile("tick (\\d+)");
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void runFollowStopAndRemoveAContainerFromTheDashboard() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST);
         Browser browser = Browser.open(controlPlane)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      try {
        DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "web-ctr/busybox:1");
        assertEquals(0, imported.exit(), imported.output());
        browser.signInAsAdmin();
        browser.visit("/hosts/" + HOST);
        WebDriver page = browser.driver();
        ((JavascriptExecutor) page).executeScript("window.berthStillOpen = true;");

        // An image the host does not have: Docker's own words, in the page.
        fillRunForm(page, "web-ctr/missing:1", "", "");
        page.findElement(By.cssSelector("form[data-action=run] button[type=submit]")).click();
        browser.until(d -> status(d).contains("No such image: web-ctr/missing:1"));

        fillRunForm(page, "web-ctr/busybox:1", NAME,
            "sh -c 'trap \"exit 0\" TERM; echo \"<b>bold</b>\"; i=0; while true; do echo \"tick $i\"; i=$((i+1)); sleep 1; done'");
        page.findElement(By.id("run-env")).sendKeys("GREETING=<i>hi</i>");
        page.findElement(By.cssSelector("form[data-action=run] button[type=submit]")).click();
        browser.until(d -> status(d).contains("Started " + NAME));
        browser.until(d -> stateInList(d).equals("running"));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) page).executeScript("return window.berthStillOpen;"),
            "the list follows the host without a reload");
        assertEquals("running", docker.ok("inspect", "--format", "{{.State.Status}}", NAME).trim());

        // Its page: the log as text, growing while the page is open.
        browser.until(d -> { // the table may be swapped for a fresher one meanwhile: click the current link
          d.findElement(By.linkText(NAME)).click();
          return true;
        });
        browser.until(d -> lastTick(d) >= 1);
        ((JavascriptExecutor) page).executeScript("window.berthStillOpen = true;");
        int seen = lastTick(page);
        browser.until(d -> lastTick(d) >= seen + 2);
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) page).executeScript("return window.berthStillOpen;"));
        WebElement logs = page.findElement(By.id("logs"));
        assertTrue(logs.getText().contains("<b>bold</b>"), logs.getText());
        assertTrue(logs.findElements(By.tagName("b")).isEmpty(), "log lines are text, not HTML");
        assertTrue(page.findElement(By.cssSelector("code.command")).getText().contains("echo \"<b>bold</b>\""));
        assertTrue(page.findElement(By.tagName("body")).getText().contains("GREETING=<i>hi</i>"));
        assertTrue(page.findElements(By.cssSelector("main b, main i")).isEmpty(), "nothing the container carries is HTML");
        // Stats follow live: memory in use against its limit, and a line drawn per sample.
        browser.until(d -> d.findElement(By.cssSelector("#stats [data-stat='memory']")).getText().matches(".*iB / .*iB \\(.*%\\)"));
        browser.until(d -> d.findElement(By.cssSelector("#stats polyline.memory")).getAttribute("points").split(" ").length >= 2);
        assertTrue(page.findElement(By.cssSelector("#stats [data-stat='pids']")).getText().matches("[1-9][0-9]*"));

        // Stop (confirmed): exited, here and on the host.
        browser.reloadsAfter(() -> confirm(browser, "stop", "Stop container " + NAME));
        browser.until(d -> pageState(d).equals("exited"));
        assertEquals("exited", docker.ok("inspect", "--format", "{{.State.Status}}", NAME).trim());
        browser.until(d -> d.findElement(By.cssSelector(".log-state")).getText().contains("The log ends here"));

        // Start again, then kill (confirmed).
        browser.reloadsAfter(() -> page.findElement(By.cssSelector("button[data-container-action=start]")).click());
        browser.until(d -> pageState(d).equals("running"));
        browser.reloadsAfter(() -> confirm(browser, "kill", "Kill container " + NAME));
        browser.until(d -> pageState(d).equals("exited"));
        assertEquals("137", docker.ok("inspect", "--format", "{{.State.ExitCode}}", NAME).trim());

        // Remove (confirmed): back on the host page, without it.
        browser.reloadsAfter(() -> confirm(browser, "remove", "Remove container " + NAME));
        browser.until(d -> d.getCurrentUrl().endsWith("/hosts/" + HOST)
            && d.findElements(By.cssSelector("tr[data-name='" + NAME + "']")).isEmpty());
        assertEquals("", docker.ok("ps", "-a", "--quiet", "--filter", "name=" + NAME).trim());
      } finally {
        docker.run(null, "rm", "-f", NAME);
      }
    }
  }

  private static void fillRunForm(WebDriver page, String image, String name, String command) {
    page.findElement(By.id("run-image")).clear();
    page.findElement(By.id("run-image")).sendKeys(image);
    page.findElement(By.id("run-name")).clear();
    page.findElement(By.id("run-name")).sendKeys(name);
    page.findElement(By.id("run-command")).clear();
    page.findElement(By.id("run-command")).sendKeys(command);
  }

  private static void confirm(Browser browser, String action, String question) {
    browser.driver().findElement(By.cssSelector("button[data-container-action=" + action + "]")).click();
    Alert dialog = browser.dialog();
    assertTrue(dialog.getText().startsWith(question), dialog.getText());
    dialog.accept();
  }

  private static String status(WebDriver page) {
    return page.findElement(By.cssSelector("form[data-action=run]")).findElement(By.xpath("following-sibling::p")).getText();
  }

  private static String stateInList(WebDriver page) {
    return page.findElements(By.cssSelector("tr[data-name='" + NAME + "'] .badge")).stream()
        .map(WebElement::getText).findFirst().orElse("");
  }

  private static String pageState(WebDriver page) {
    return page.findElement(By.cssSelector("[data-state]")).getDomAttribute("data-state");
  }

  private static int lastTick(WebDriver page) {
    Matcher tick = TICK.matcher(page.findElement(By.id("logs")).getText());
    int last = -1;
    while (tick.find()) {
      last = Integer.parseInt(tick.group(1));
    }
    return last;
  }
}
