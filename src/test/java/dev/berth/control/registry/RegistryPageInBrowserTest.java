package dev.berth.control.registry;

import static dev.berth.control.registry.RegistryApiTest.CONFIG;
import static dev.berth.control.registry.RegistryApiTest.admin;
import static dev.berth.control.registry.RegistryApiTest.manifest;
import static dev.berth.control.registry.RegistryApiTest.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The Registry pages in a real browser: repositories with storage use, tags, the pull command, deleting a tag. */
@QuarkusTest
class RegistryPageInBrowserTest {
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void listsRepositoriesAndTagsAndDeletesATagOnlyWhenConfirmed() throws Exception {
    String repository = "browser-test/app-" + UUID.randomUUID().toString().substring(0, 8);
    String config = push(repository, CONFIG.getBytes(StandardCharsets.UTF_8));
    byte[] layer = new byte[3 * 1024 * 1024];
    new java.util.Random(7).nextBytes(layer);
    String layerDigest = push(repository, layer);
    String manifestDigest = null;
    for (String tag : new String[] {"v1", "v2"}) {
      manifestDigest = admin().contentType(ManifestDocument.OCI_MANIFEST).body(manifest(config, CONFIG.length(), layerDigest, layer.length))
          .put("/v2/" + repository + "/manifests/" + tag).then().statusCode(201).extract().header("Docker-Content-Digest");
    }

    try (Browser browser = Browser.open(controlPlane)) {
      browser.signInAsAdmin();
      browser.visit("/registry");
      WebElement row = browser.until(d -> d.findElement(By.cssSelector("tr[data-repository='" + repository + "']")));
      assertTrue(row.getText().contains("3.0 MiB"), row.getText());
      row.findElement(By.linkText(repository)).click();

      WebElement v1 = browser.until(d -> d.findElement(By.cssSelector("tr[data-tag='v1']")));
      String authority = controlPlane.getHost() + ":" + controlPlane.getPort();
      assertTrue(v1.getText().contains("docker pull " + authority + "/" + repository + ":v1"), v1.getText());
      assertTrue(v1.getText().contains("3.0 MiB"), v1.getText());
      WebElement digest = v1.findElement(By.cssSelector("code[title^='sha256:']"));
      assertEquals(manifestDigest, digest.getDomAttribute("title"), "the pushed manifest's digest, in full on hover");
      assertEquals(manifestDigest.substring(7, 19), digest.getText());
      browser.screenshot("registry-in-browser");

      v1.findElement(By.cssSelector("button[data-registry-action=delete-tag]")).click();
      browser.dialog().dismiss();
      admin().get("/v2/" + repository + "/manifests/v1").then().statusCode(200);

      v1.findElement(By.cssSelector("button[data-registry-action=delete-tag]")).click();
      var confirm = browser.dialog();
      assertTrue(confirm.getText().contains(repository + ":v1"), confirm.getText());
      confirm.accept();
      browser.until(d -> d.findElements(By.cssSelector("tr[data-tag='v1']")).isEmpty());
      browser.until(d -> d.findElement(By.cssSelector(".status")).getText().contains("Deleted"));
      admin().get("/v2/" + repository + "/manifests/v1").then().statusCode(404);
      admin().get("/v2/" + repository + "/manifests/v2").then().statusCode(200);
    }
  }
}
