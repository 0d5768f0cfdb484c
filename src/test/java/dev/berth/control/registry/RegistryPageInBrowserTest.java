package dev.berth.control.registry;

import static dev.berth.control.registry.RegistryApiTest.CONFIG;
import static dev.berth.control.registry.RegistryApiTest.admin;
import static dev.berth.control.registry.RegistryApiTest.manifest;
import static dev.berth.control.registry.RegistryApiTest.push;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Registry pages in a real browser: repositories with storage use, tags, the pull command,
 * deleting a tag, allowing and stopping anonymous pull; a manifest's layers and referrers, deleting
 * it; garbage collection's report.
 */
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

      browser.until(d -> d.findElement(By.cssSelector("button[data-registry-action=anonymous]"))).click();
      browser.dialog().accept();
      browser.until(d -> d.findElement(By.id("anonymous-pull")).getText().contains("allowed (anyone"));
      Admin.api().get("/api/v1/registry/repositories/" + repository).then().body("repository.anonymousPull", equalTo(true));
      browser.until(d -> d.findElement(By.cssSelector("button[data-registry-action=anonymous]"))).click();
      browser.until(d -> d.findElement(By.id("anonymous-pull")).getText().contains("not allowed"));
      Admin.api().get("/api/v1/registry/repositories/" + repository).then().body("repository.anonymousPull", equalTo(false));
    }
  }

  @Test
  void showsAManifestsLayersAndReferrersDeletesItAndCollectsGarbage() throws Exception {
    String repository = "browser-test/manifest-" + UUID.randomUUID().toString().substring(0, 8);
    String config = push(repository, CONFIG.getBytes(StandardCharsets.UTF_8));
    byte[] layer = new byte[1024 * 1024];
    new java.util.Random(9).nextBytes(layer);
    String layerDigest = push(repository, layer);
    String image = manifest(config, CONFIG.length(), layerDigest, layer.length);
    String imageDigest = admin().contentType(ManifestDocument.OCI_MANIFEST).body(image)
        .put("/v2/" + repository + "/manifests/v1").then().statusCode(201).extract().header("Docker-Content-Digest");
    String sbom = "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestDocument.OCI_MANIFEST + "\",\"artifactType\":\"application/spdx+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config + "\",\"size\":" + CONFIG.length()
        + "},\"layers\":[],\"subject\":{\"mediaType\":\"" + ManifestDocument.OCI_MANIFEST + "\",\"digest\":\"" + imageDigest
        + "\",\"size\":" + image.length() + "}}";
    String sbomDigest = ManifestDocument.digestOf(sbom.getBytes(StandardCharsets.UTF_8));
    admin().contentType(ManifestDocument.OCI_MANIFEST).body(sbom).put("/v2/" + repository + "/manifests/" + sbomDigest)
        .then().statusCode(201);

    try (Browser browser = Browser.open(controlPlane)) {
      browser.signInAsAdmin();
      browser.visit("/registry/repositories/" + repository);
      browser.until(d -> d.findElement(By.cssSelector("tr[data-tag='v1'] a code[title='" + imageDigest + "']"))).click();
      WebElement layerRow = browser.until(d -> d.findElement(By.cssSelector("#layers tr[data-blob='" + layerDigest + "']")));
      assertTrue(layerRow.getText().contains("layer 1") && layerRow.getText().contains("1.0 MiB"), layerRow.getText());
      assertTrue(browser.until(d -> d.findElement(By.id("manifest-tags"))).getText().contains("v1"));
      WebElement referrer = browser.until(d -> d.findElement(By.cssSelector("#referrers tr[data-referrer='" + sbomDigest + "']")));
      assertTrue(referrer.getText().contains("application/spdx+json"), referrer.getText());
      browser.screenshot("registry-manifest-in-browser");

      browser.until(d -> d.findElement(By.cssSelector("button[data-registry-action=delete-manifest]"))).click();
      browser.dialog().dismiss();
      admin().get("/v2/" + repository + "/manifests/" + imageDigest).then().statusCode(200);
      browser.until(d -> d.findElement(By.cssSelector("button[data-registry-action=delete-manifest]"))).click();
      var confirm = browser.dialog();
      assertTrue(confirm.getText().contains(imageDigest), confirm.getText());
      confirm.accept();
      browser.until(d -> d.getCurrentUrl().endsWith("/registry/repositories/" + repository));
      browser.until(d -> d.findElement(By.cssSelector("#tags .empty")));
      admin().get("/v2/" + repository + "/manifests/" + imageDigest).then().statusCode(404);
      admin().get("/v2/" + repository + "/manifests/v1").then().statusCode(404);

      browser.visit("/registry");
      browser.until(d -> d.findElement(By.cssSelector("#registry-gc input[name=untagged]"))).click();
      browser.until(d -> d.findElement(By.cssSelector("#registry-gc button[type=submit]"))).click();
      String report = browser.until(d -> d.findElement(By.id("gc-report"))).getText();
      assertTrue(report.matches("(?s)Deleted \\d+ untagged manifests and \\d+ blobs, freeing .*; \\d+ abandoned uploads expired .*"), report);
    }
  }
}
