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
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The Builds page in a real browser against a real agent: a Dockerfile typed in, a context file
 * uploaded, a tag; the RUN step's output shows while the build still runs, then the image's ID
 * and tag, and the build in the host's history. Screenshot: {@code target/builds-in-browser.png}.
 */
@QuarkusTest
class BuildsPageInBrowserTest {
  private static final String HOST = "browser-builds";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void buildsAnImageFromTheFormAndShowsTheOutputLive() throws Exception {
    Path upload = Files.createTempDirectory("build-upload");
    Path note = upload.resolve("note.txt");
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST);
         Browser browser = Browser.open(controlPlane)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      assertEquals(0, docker.run(DockerCli.busyboxRootfs(), "import", "-", "web-build/base").exit());
      Files.writeString(note, "uploaded\n");
      try {
        browser.signInAsAdmin();
        browser.visit("/builds?host=" + HOST);
        WebDriver page = browser.driver();
        page.findElement(By.id("build-dockerfile")).sendKeys("FROM web-build/base\n"
            + "RUN for i in 1 2 3 4; do echo line $i; sleep 1; done\n"
            + "COPY note.txt /\n"
            + "CMD [\"cat\", \"/note.txt\"]\n");
        page.findElement(By.id("build-files")).sendKeys(note.toString());
        page.findElement(By.id("build-tags")).sendKeys("web-build/app:1");
        page.findElement(By.cssSelector("#build-form button[type=submit]")).click();

        browser.until(d -> d.findElement(By.id("build-output")).getText().contains("line 1"));
        String status = page.findElement(By.cssSelector(".actions .status")).getText();
        assertFalse(status.contains("Built"), "the output shows before the build ends: " + status);

        WebElement done = browser.until(d -> {
          WebElement element = d.findElement(By.cssSelector(".actions .status"));
          return element.getText().startsWith("Built") ? element : null;
        });
        String imageId = docker.ok("image", "inspect", "--format", "{{.Id}}", "web-build/app:1").trim();
        assertTrue(done.getText().contains("Built " + imageId + " tagged web-build/app:1"), done.getText());
        String output = page.findElement(By.id("build-output")).getText();
        assertTrue(output.contains("line 4") && output.contains("Successfully tagged web-build/app:1"), output);
        WebElement row = browser.until(d -> d.findElement(By.cssSelector("#build-history tr[data-state=succeeded]")));
        assertTrue(row.getText().contains("web-build/app:1") && row.getText().contains("admin"), row.getText());
        assertTrue(row.getText().contains(imageId.substring(7, 19)), row.getText());
        page.manage().window().setSize(new Dimension(1280, 1500));
        Files.write(Path.of("target/builds-in-browser.png"), ((TakesScreenshot) page).getScreenshotAs(OutputType.BYTES));
        assertEquals("uploaded\n", docker.ok("run", "--rm", "web-build/app:1"));
      } finally {
        docker.run(null, "rmi", "-f", "web-build/app:1", "web-build/base");
      }
    } finally {
      Files.deleteIfExists(note);
      Files.deleteIfExists(upload);
    }
  }
}
