package dev.berth.control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.Browser;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The Images page of one host, driven in a real browser against a real agent: import, tag, untag,
 * remove, save, load and prune, each checked on the page and on the host with the docker CLI.
 */
@QuarkusTest
class ImagesPageInBrowserTest {
  private static final String HOST = "browser-agent";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void imageActionsChangeTheHostAndThePageShowsIt() throws Exception {
    try (AgentProcess agent = new AgentProcess(controlPlane, HOST).start(Admin.joinToken());
         Browser browser = Browser.open(controlPlane)) {
      agent.await("the host coming online", Duration.ofSeconds(30), agent::online);
      DockerCli docker = new DockerCli(controlPlane, HOST);
      Path rootfs = DockerCli.busyboxRootfs();
      browser.signInAsAdmin();
      browser.visit("/images?host=" + HOST);
      browser.until(d -> d.findElement(By.cssSelector(".actions[data-host='" + HOST + "']")));

      // Import a filesystem tar as web/busybox:1.
      browser.reloadsAfter(() -> {
        browser.driver().findElement(By.id("import-file")).sendKeys(rootfs.toString());
        browser.driver().findElement(By.id("import-ref")).sendKeys("web/busybox:1");
        browser.driver().findElement(By.cssSelector("form[data-action=import] button[type=submit]")).click();
      });
      String id = docker.ok("image", "inspect", "--format", "{{.Id}}", "web/busybox:1").trim();
      awaitTags(browser, id, "web/busybox:1");

      // Tag it web/busybox:2, answering the prompt.
      browser.reloadsAfter(() -> {
        row(browser.driver(), id).findElement(By.cssSelector("button[data-action=tag]")).click();
        Alert prompt = browser.dialog();
        assertTrue(prompt.getText().contains(id.substring(7, 19)), prompt.getText());
        prompt.sendKeys("web/busybox:2");
        prompt.accept();
      });
      awaitTags(browser, id, "web/busybox:1", "web/busybox:2");
      assertEquals(List.of("web/busybox:1 " + id, "web/busybox:2 " + id), hostImages(docker));

      // Remove the tag web/busybox:1 only: the image stays with web/busybox:2.
      browser.reloadsAfter(() -> {
        untagButton(browser.driver(), id, "web/busybox:1").click();
        Alert confirm = browser.dialog();
        assertTrue(confirm.getText().contains("web/busybox:1"), confirm.getText());
        confirm.accept();
      });
      awaitTags(browser, id, "web/busybox:2");
      assertEquals(List.of("web/busybox:2 " + id), hostImages(docker));

      // Save it with the docker CLI, remove the whole image with the Remove button (the confirm
      // names the tags that go with it), then load the saved file back through the Load form.
      Path saved = Files.createTempFile("web-busybox", ".tar");
      docker.ok("save", "-o", saved.toString(), "web/busybox:2");
      browser.reloadsAfter(() -> {
        row(browser.driver(), id).findElement(By.cssSelector("button[data-action=remove]")).click();
        Alert confirm = browser.dialog();
        assertTrue(confirm.getText().contains(id.substring(7, 19)) && confirm.getText().contains("web/busybox:2"),
            confirm.getText());
        confirm.accept();
      });
      browser.until(d -> d.findElements(By.cssSelector("tr[data-id='" + id + "']")).isEmpty());
      assertEquals(List.of(), hostImages(docker));

      browser.reloadsAfter(() -> {
        browser.driver().findElement(By.id("load-file")).sendKeys(saved.toString());
        browser.driver().findElement(By.cssSelector("form[data-action=load] button[type=submit]")).click();
      });
      awaitTags(browser, id, "web/busybox:2");
      assertEquals(List.of("web/busybox:2 " + id), hostImages(docker));

      // The Save link downloads the image as docker save does, with the browser's session.
      row(browser.driver(), id).findElement(By.linkText("Save")).click();
      Path download = browser.downloads().resolve("image.tar");
      browser.until(d -> Files.exists(download) && !Files.exists(browser.downloads().resolve("image.tar.crdownload")));
      assertTrue(tarEntries(download).contains("manifest.json"), "a docker-archive: " + tarEntries(download));

      // A dangling image (the same rootfs imported twice under one tag), made with the CLI while
      // the page is open, shows up live (no reload), and goes with the prune button.
      ((JavascriptExecutor) browser.driver()).executeScript("window.berthStillOpen = true;");
      assertEquals(0, docker.run(rootfs, "import", "-", "web/dangling:1").exit());
      String first = docker.ok("image", "inspect", "--format", "{{.Id}}", "web/dangling:1").trim();
      assertEquals(0, docker.run(rootfs, "import", "-", "web/dangling:1").exit());
      String second = docker.ok("image", "inspect", "--format", "{{.Id}}", "web/dangling:1").trim();
      assertNotEquals(first, second, "the second import is a new image");
      assertEquals(first, docker.ok("images", "--no-trunc", "--quiet", "--filter", "dangling=true").trim());
      browser.until(d -> row(d, first).getText().contains("<none>:<none>"));
      awaitTags(browser, second, "web/dangling:1");
      assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser.driver()).executeScript("return window.berthStillOpen;"),
          "the table follows the host without a reload");

      browser.reloadsAfter(() -> {
        browser.driver().findElement(By.cssSelector("button[data-action=prune]")).click();
        Alert confirm = browser.dialog();
        assertTrue(confirm.getText().contains(first.substring(7, 19)), confirm.getText());
        assertFalse(confirm.getText().contains(second.substring(7, 19)), confirm.getText());
        confirm.accept();
      });
      browser.until(d -> d.findElements(By.cssSelector("tr[data-id='" + first + "']")).isEmpty());
      awaitTags(browser, second, "web/dangling:1");
      assertEquals("", docker.ok("images", "--quiet", "--filter", "dangling=true").trim());
      assertEquals(List.of("web/busybox:2 " + id, "web/dangling:1 " + second),
          hostImages(docker));
    }
  }

  /** Waits until the image's row shows exactly {@code tags}. */
  private static void awaitTags(Browser browser, String id, String... tags) {
    browser.until(d -> {
      List<WebElement> rows = d.findElements(By.cssSelector("tr[data-id='" + id + "']"));
      return !rows.isEmpty() && shownTags(rows.get(0)).equals(List.of(tags));
    });
  }

  private static List<String> shownTags(WebElement row) {
    return row.findElements(By.cssSelector("button[data-action=untag]")).stream()
        .map(b -> b.getDomAttribute("data-reference")).toList();
  }

  private static WebElement row(WebDriver driver, String id) {
    return driver.findElement(By.cssSelector("tr[data-id='" + id + "']"));
  }

  private static WebElement untagButton(WebDriver driver, String id, String tag) {
    return row(driver, id).findElement(By.cssSelector("button[data-action=untag][data-reference='" + tag + "']"));
  }

  /** The host's tagged images as {@code repo:tag id}, sorted. */
  private static List<String> hostImages(DockerCli docker) throws IOException, InterruptedException {
    return Arrays.stream(docker.ok("images", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").split("\n"))
        .map(String::trim).filter(line -> !line.isEmpty()).sorted().toList();
  }

  private static List<String> tarEntries(Path tar) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("tar", "-tf", tar.toString()).redirectErrorStream(true).start();
    List<String> entries = Arrays.stream(new String(process.getInputStream().readAllBytes()).split("\n"))
        .map(e -> e.replaceFirst("^\\./", "")).toList();
    process.waitFor();
    return entries;
  }
}
