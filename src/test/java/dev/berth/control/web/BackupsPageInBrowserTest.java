package dev.berth.control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Backups in a real browser against a real agent: back up a volume with the Volumes page's button
 * (progress to the end), find it in the Backups page's catalog, restore it into a new volume
 * through the dialog, and see that volume in the Volumes page with the same content on the host;
 * then add a schedule with the form and delete the backup (confirmed).
 */
@QuarkusTest
class BackupsPageInBrowserTest {
  private static final String HOST = "browser-backups";
  private static final String VOLUME = "web-bk-vol";
  private static final String RESTORED = "web-bk-copy";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void backUpFromTheVolumesPageAndRestoreIntoANewVolume() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST);
         Browser browser = Browser.open(controlPlane)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      docker.ok("volume", "create", VOLUME);
      Path data = agent.dataDir().resolve("volumes/" + VOLUME + "/_data");
      Files.writeString(data.resolve("greeting"), "hello from the browser test");
      try {
        browser.signInAsAdmin();
        browser.visit("/volumes?host=" + HOST);
        WebDriver page = browser.driver();
        browser.until(d -> d.findElements(By.cssSelector("tr[data-name='" + VOLUME + "']")).size() == 1);
        browser.until(d -> {
          WebElement row = d.findElement(By.cssSelector("tr[data-name='" + VOLUME + "']"));
          new Select(row.findElement(By.name("mode"))).selectByValue("pause");
          row.findElement(By.cssSelector("button[data-backup-action=backup]")).click();
          return true;
        });
        browser.until(d -> status(d).contains("Backed up " + VOLUME + " on " + HOST + ": 2 files"));

        browser.visit("/backups?host=" + HOST);
        WebElement backup = browser.until(d -> d.findElement(By.cssSelector("tr[data-volume='" + VOLUME + "']")));
        assertTrue(backup.getText().contains("pause"), backup.getText());
        backup.findElement(By.cssSelector("button[data-backup-action=restore]")).click();
        WebElement dialog = browser.until(d -> d.findElement(By.cssSelector("#restore-dialog[open]")));
        new Select(dialog.findElement(By.name("host"))).selectByValue(HOST);
        WebElement name = dialog.findElement(By.name("volume"));
        name.clear();
        name.sendKeys(VOLUME);
        dialog.findElement(By.cssSelector("button[type=submit]")).click();
        browser.until(d -> d.findElement(By.cssSelector("#restore-dialog .status")).getText()
            .contains("volume is not empty (restore with replace to overwrite it)"));
        name.clear();
        name.sendKeys(RESTORED);
        dialog.findElement(By.cssSelector("button[type=submit]")).click();
        browser.until(d -> status(d).contains("Restored as volume " + RESTORED + " on " + HOST));
        assertEquals("hello from the browser test",
            Files.readString(agent.dataDir().resolve("volumes/" + RESTORED + "/_data/greeting")));

        browser.visit("/volumes?host=" + HOST);
        browser.until(d -> d.findElements(By.cssSelector("tr[data-name='" + RESTORED + "']")).size() == 1);
        browser.screenshot("backups-restored-in-browser");

        browser.visit("/backups");
        new Select(page.findElement(By.id("schedule-host"))).selectByValue(HOST);
        page.findElement(By.id("schedule-volume")).sendKeys(VOLUME);
        page.findElement(By.id("schedule-cron")).sendKeys("30 2 * * MON");
        browser.reloadsAfter(() -> page.findElement(By.cssSelector("form[data-backup-form=schedule] button")).click());
        WebElement schedule = browser.until(d -> d.findElement(By.cssSelector("tr[data-schedule]")));
        assertTrue(schedule.getText().contains("30 2 * * MON"), schedule.getText());
        schedule.findElement(By.cssSelector("button[data-backup-action=delete-schedule]")).click();
        browser.dialog().accept();
        browser.until(d -> d.findElements(By.cssSelector("tr[data-schedule]")).isEmpty());

        page.findElement(By.cssSelector("tr[data-volume='" + VOLUME + "'] button[data-backup-action=delete]")).click();
        Alert confirm = browser.dialog();
        assertTrue(confirm.getText().startsWith("Delete the backup of " + VOLUME), confirm.getText());
        confirm.accept();
        browser.until(d -> d.findElements(By.cssSelector("tr[data-volume='" + VOLUME + "']")).isEmpty());
        assertEquals(0, Admin.api().get("/api/v1/backups?host=" + HOST).then().extract().jsonPath().getList("id").size());
      } finally {
        for (String id : Admin.api().get("/api/v1/backups?host=" + HOST).then().extract().jsonPath().<String>getList("id")) {
          Admin.api().delete("/api/v1/backups/" + id);
        }
        docker.run(null, "volume", "rm", VOLUME, RESTORED);
      }
    }
  }

  private static String status(WebDriver page) {
    return page.findElement(By.cssSelector(".actions .status")).getText();
  }
}
