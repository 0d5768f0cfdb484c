package dev.berth.control.registry;

import static dev.berth.control.registry.RegistryApiTest.admin;
import static dev.berth.control.registry.RegistryApiTest.push;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Images pushed to Berth's registry over its API for the tests that pull them through an agent:
 * uncompressed tar layers (so each layer's diff id is its digest), an OCI config and manifest.
 */
final class TestImages {
  private TestImages() {}

  /** A pushed image: its manifest, the manifest's digest and its config's digest. */
  record Pushed(String manifest, String digest, String config) {}

  /**
   * Pushes {@code layers} and a config for linux/{@code architecture}, then the manifest under
   * {@code tag}, or by its digest only when {@code tag} is null.
   */
  static Pushed push(String repository, String tag, String architecture, List<byte[]> layers) {
    List<String> diffIds = new ArrayList<>();
    StringBuilder descriptors = new StringBuilder();
    for (byte[] layer : layers) {
      String digest = RegistryApiTest.push(repository, layer);
      diffIds.add("\"" + digest + "\"");
      descriptors.append(descriptors.isEmpty() ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",")
          .append("\"digest\":\"").append(digest).append("\",\"size\":").append(layer.length).append("}");
    }
    byte[] config = ("{\"architecture\":\"" + architecture + "\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
        + "\"diff_ids\":[" + String.join(",", diffIds) + "]}}").getBytes(StandardCharsets.UTF_8);
    String configDigest = RegistryApiTest.push(repository, config);
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestDocument.OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length
        + "},\"layers\":[" + descriptors + "]}";
    String digest = ManifestDocument.digestOf(manifest.getBytes(StandardCharsets.UTF_8));
    admin().contentType(ManifestDocument.OCI_MANIFEST).body(manifest)
        .put("/v2/" + repository + "/manifests/" + (tag == null ? digest : tag)).then().statusCode(201);
    return new Pushed(manifest, digest, configDigest);
  }
}
