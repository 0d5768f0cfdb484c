package dev.berth.control.registry;

import static dev.berth.control.registry.RegistryApiTest.CONFIG;
import static dev.berth.control.registry.RegistryApiTest.admin;
import static dev.berth.control.registry.RegistryApiTest.manifest;
import static dev.berth.control.registry.RegistryApiTest.push;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.People;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/registry/repositories/<name>/manifests/<digest>}: an image's config and layers,
 * an index's manifests with their platforms, tags, referrers; deleting a manifest (operators) with
 * its tags; the errors.
 */
@QuarkusTest
class ManifestViewApiTest {
  private static final String REPOSITORY = "manifest-view/app";
  private static final String IMAGE_CONFIG = "{\"architecture\":\"arm64\",\"variant\":\"v8\",\"os\":\"linux\","
      + "\"created\":\"2026-11-29T10:00:00Z\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";

  @Test
  void showsAnImageAnIndexAndReferrersThenDeletesTheImageWithItsTags() {
    String config = push(REPOSITORY, IMAGE_CONFIG.getBytes(StandardCharsets.UTF_8));
    byte[] layer = "a layer's bytes".getBytes(StandardCharsets.UTF_8);
    String layerDigest = push(REPOSITORY, layer);
    String image = putManifest("v1", ManifestDocument.OCI_MANIFEST, manifest(config, IMAGE_CONFIG.length(), layerDigest, layer.length));
    putManifest("stable", ManifestDocument.OCI_MANIFEST, manifest(config, IMAGE_CONFIG.length(), layerDigest, layer.length));
    int imageSize = manifest(config, IMAGE_CONFIG.length(), layerDigest, layer.length).length();
    String index = putManifest("multi", ManifestDocument.OCI_INDEX, "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestDocument.OCI_INDEX
        + "\",\"manifests\":[{\"mediaType\":\"" + ManifestDocument.OCI_MANIFEST + "\",\"digest\":\"" + image + "\",\"size\":"
        + imageSize + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}}]}");
    String sbom = putManifest(null, ManifestDocument.OCI_MANIFEST, "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestDocument.OCI_MANIFEST
        + "\",\"artifactType\":\"application/spdx+json\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
        + "\"digest\":\"" + config + "\",\"size\":" + IMAGE_CONFIG.length() + "},\"layers\":[{\"mediaType\":\"application/spdx+json\","
        + "\"digest\":\"" + layerDigest + "\",\"size\":" + layer.length + "}],\"subject\":{\"mediaType\":\""
        + ManifestDocument.OCI_MANIFEST + "\",\"digest\":\"" + image + "\",\"size\":" + imageSize + "}}");

    Admin.api().get("/api/v1/registry/repositories/" + REPOSITORY + "/manifests/" + image).then().statusCode(200)
        .body("digest", equalTo(image)).body("mediaType", equalTo(ManifestDocument.OCI_MANIFEST))
        .body("size", equalTo(imageSize)).body("blobsSize", equalTo(IMAGE_CONFIG.length() + layer.length))
        .body("created", equalTo("2026-11-29T10:00:00Z")).body("platform", equalTo("linux/arm64/v8"))
        .body("tags", contains("stable", "v1"))
        .body("config.digest", equalTo(config)).body("layers.digest", contains(layerDigest))
        .body("layers.size", contains(layer.length)).body("manifests", empty())
        .body("referrers.digest", contains(sbom)).body("referrers.artifactType", contains("application/spdx+json"));
    Admin.api().get("/api/v1/registry/repositories/" + REPOSITORY + "/manifests/" + index).then().statusCode(200)
        .body("tags", contains("multi")).body("config", nullValue()).body("layers", empty()).body("created", nullValue())
        .body("manifests.digest", contains(image)).body("manifests.platform", contains("linux/arm64/v8"));
    Admin.api().get("/api/v1/registry/repositories/" + REPOSITORY + "/manifests/" + sbom).then().statusCode(200)
        .body("subject", equalTo(image)).body("artifactType", equalTo("application/spdx+json")).body("tags", empty());

    People.api(People.token(People.signIn(People.create("manifest-viewer", "viewer"), People.PASSWORD), "viewer"))
        .delete("/api/v1/registry/repositories/" + REPOSITORY + "/manifests/" + image).then().statusCode(403);
    Admin.api().delete("/api/v1/registry/repositories/" + REPOSITORY + "/manifests/" + image).then().statusCode(204);
    Admin.api().get("/api/v1/registry/repositories/" + REPOSITORY + "/manifests/" + image).then().statusCode(404)
        .contentType("application/problem+json");
    admin().get("/v2/" + REPOSITORY + "/manifests/v1").then().statusCode(404);
    admin().get("/v2/" + REPOSITORY + "/manifests/stable").then().statusCode(404);
    admin().get("/v2/" + REPOSITORY + "/manifests/multi").then().statusCode(200);
    Admin.api().delete("/api/v1/registry/repositories/" + REPOSITORY + "/manifests/" + image).then().statusCode(404);
  }

  @Test
  void refusesANameOrDigestThatIsNotOne() {
    String repository = "manifest-view/errors";
    String config = push(repository, CONFIG.getBytes(StandardCharsets.UTF_8));
    String layer = push(repository, "x".getBytes(StandardCharsets.UTF_8));
    admin().contentType(ManifestDocument.OCI_MANIFEST).body(manifest(config, CONFIG.length(), layer, 1))
        .put("/v2/" + repository + "/manifests/exists").then().statusCode(201);
    String base = "/api/v1/registry/repositories/";
    Admin.api().get(base + repository + "/manifests/exists").then().statusCode(400)
        .contentType("application/problem+json").body("detail", containsString("not a manifest digest"));
    Admin.api().get(base + repository + "/manifests/sha256:" + "0".repeat(64)).then().statusCode(404)
        .contentType("application/problem+json");
    Admin.api().get(base + "manifest-view/none/manifests/sha256:" + "0".repeat(64)).then().statusCode(404);
    Admin.api().get(base + "Not_A_Name/manifests/sha256:" + "0".repeat(64)).then().statusCode(400);
  }

  private static String putManifest(String tag, String mediaType, String body) {
    String reference = tag != null ? tag : ManifestDocument.digestOf(body.getBytes(StandardCharsets.UTF_8));
    return admin().contentType(mediaType).body(body).put("/v2/" + REPOSITORY + "/manifests/" + reference)
        .then().statusCode(201).extract().header("Docker-Content-Digest");
  }
}
