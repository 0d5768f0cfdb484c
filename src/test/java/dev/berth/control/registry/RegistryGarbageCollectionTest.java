package dev.berth.control.registry;

import static dev.berth.control.registry.RegistryApiTest.CONFIG;
import static dev.berth.control.registry.RegistryApiTest.admin;
import static dev.berth.control.registry.RegistryApiTest.manifest;
import static dev.berth.control.registry.RegistryApiTest.push;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Garbage collection of registry blobs, storage use per repository and anonymous pull, over HTTP. */
@QuarkusTest
class RegistryGarbageCollectionTest {
  @Inject BlobStore blobs;

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Pushes config + layers and a manifest by tag; returns the manifest's digest. */
  private static String image(String repository, String tag, String configDigest, String layerDigest, int layerSize) {
    String body = manifest(configDigest, CONFIG.length(), layerDigest, layerSize);
    admin().contentType(ManifestDocument.OCI_MANIFEST).body(body).put("/v2/" + repository + "/manifests/" + tag)
        .then().statusCode(201);
    return ManifestDocument.digestOf(bytes(body));
  }

  private void age(String digest) throws Exception {
    Files.setLastModifiedTime(blobs.find(digest).orElseThrow(), FileTime.from(Instant.now().minusSeconds(3600)));
  }

  @Test
  void deletingATagThenCollectingFreesOnlyWhatNothingElseUses() throws Exception {
    String one = "gc-test/one-" + UUID.randomUUID().toString().substring(0, 8);
    String two = "gc-test/two-" + UUID.randomUUID().toString().substring(0, 8);
    String config = push(one, bytes(CONFIG));
    byte[] sharedLayer = bytes("shared layer " + UUID.randomUUID());
    byte[] ownLayer = bytes("a layer only the deleted tag used " + UUID.randomUUID());
    String shared = push(one, sharedLayer);
    String own = push(two, ownLayer);
    String orphan = push(two, bytes("never referenced " + UUID.randomUUID()));
    image(one, "v1", config, shared, sharedLayer.length);
    image(two, "v1", config, shared, sharedLayer.length);
    image(two, "v2", config, own, ownLayer.length);

    JsonPath usage = Admin.api().get("/api/v1/registry/repositories/" + two).then().statusCode(200).extract().jsonPath();
    assertEquals(CONFIG.length() + sharedLayer.length + ownLayer.length, usage.getLong("repository.size"));
    assertEquals(CONFIG.length() + sharedLayer.length, usage.getLong("repository.sharedSize"));
    assertEquals(List.of("v1", "v2"), usage.getList("tags.name"));

    // Within the grace period nothing unreferenced goes.
    Admin.api().post("/api/v1/registry/gc?graceSeconds=600").then().statusCode(200).body("blobsDeleted", equalTo(0));
    assertTrue(blobs.find(orphan).isPresent());

    Admin.api().delete("/api/v1/registry/repositories/" + two + "/tags/v2").then().statusCode(204);
    Admin.api().delete("/api/v1/registry/repositories/" + two + "/tags/v2").then().statusCode(404);
    for (String digest : List.of(config, shared, own, orphan)) {
      age(digest);
    }
    JsonPath report = Admin.api().post("/api/v1/registry/gc?graceSeconds=60&untagged=true").then().statusCode(200)
        .extract().jsonPath();
    assertTrue(report.getInt("manifestsDeleted") == 0, "the untagged manifest is younger than the grace period");
    assertTrue(blobs.find(own).isPresent(), "an untagged manifest still refers to the layer");
    assertTrue(blobs.find(orphan).isEmpty(), "an old unreferenced blob is collected");

    report = Admin.api().post("/api/v1/registry/gc?graceSeconds=0&untagged=true").then().statusCode(200)
        .extract().jsonPath();
    assertTrue(report.getInt("manifestsDeleted") >= 1);
    assertTrue(report.getLong("bytesFreed") >= ownLayer.length);
    assertTrue(blobs.find(own).isEmpty());
    for (String repository : List.of(one, two)) {
      admin().get("/v2/" + repository + "/manifests/v1").then().statusCode(200);
      admin().get("/v2/" + repository + "/blobs/" + shared).then().statusCode(200);
      admin().get("/v2/" + repository + "/blobs/" + config).then().statusCode(200);
    }
    Admin.api().get("/api/v1/registry/repositories/" + two).then()
        .body("repository.size", equalTo(CONFIG.length() + sharedLayer.length));
    Admin.api().post("/api/v1/registry/gc?graceSeconds=-1").then().statusCode(400);
  }

  @Test
  void collectingWhilePushingLosesNothing() throws Exception {
    String repository = "gc-test/race-" + UUID.randomUUID().toString().substring(0, 8);
    String config = push(repository, bytes(CONFIG));
    byte[] base = bytes("an old base layer nothing refers to yet " + UUID.randomUUID());
    String baseDigest = push(repository, base);
    age(config);
    age(baseDigest);
    AtomicBoolean pushing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> collections = pool.submit(() -> {
        int runs = 0;
        while (pushing.get()) {
          Admin.api().post("/api/v1/registry/gc?graceSeconds=1&untagged=true").then().statusCode(200);
          runs++;
        }
        return runs;
      });
      List<String> tags = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        // As a client does: HEAD what it means to reuse (push it if missing), upload the rest, then the manifest.
        for (var blob : List.of(bytes(CONFIG), base)) {
          String digest = ManifestDocument.digestOf(blob);
          if (admin().head("/v2/" + repository + "/blobs/" + digest).statusCode() == 404) {
            push(repository, blob);
          }
        }
        byte[] layer = bytes("layer " + i + " " + UUID.randomUUID());
        String layerDigest = push(repository, layer);
        String body = manifest(config, CONFIG.length(), layerDigest, layer.length)
            .replace("\"layers\":[", "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                + baseDigest + "\",\"size\":" + base.length + "},");
        admin().contentType(ManifestDocument.OCI_MANIFEST).body(body).put("/v2/" + repository + "/manifests/t" + i)
            .then().statusCode(201);
        tags.add("t" + i);
        if (i % 5 == 0) {
          Thread.sleep(1100); // let the grace period of what was just pushed run out
        }
      }
      pushing.set(false);
      assertTrue(collections.get() > 0);
      for (String tag : tags) {
        String manifestBody = admin().get("/v2/" + repository + "/manifests/" + tag).then().statusCode(200)
            .extract().asString();
        for (String digest : JsonPath.from(manifestBody).<String>getList("layers.digest")) {
          admin().head("/v2/" + repository + "/blobs/" + digest).then().statusCode(200);
        }
        admin().head("/v2/" + repository + "/blobs/" + JsonPath.from(manifestBody).getString("config.digest"))
            .then().statusCode(200);
      }
    } finally {
      pushing.set(false);
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentPushesOfSharedLayersIntoSeveralRepositoriesAllHoldAndSurviveACollection() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    byte[] sharedLayer = new byte[3 << 20];
    java.util.concurrent.ThreadLocalRandom.current().nextBytes(sharedLayer); // a blob of this run only
    String shared = ManifestDocument.digestOf(sharedLayer);
    String config = ManifestDocument.digestOf(bytes(CONFIG));
    int clients = 4;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(clients);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<String>> pushes = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        int client = i;
        pushes.add(pool.submit(() -> {
          String repository = "gc-test/concurrent-" + run + "-" + client;
          start.await();
          if (client % 2 == 0) { // chunked: POST, two PATCHes, PUT
            String location = startUpload(repository, java.util.Arrays.copyOfRange(sharedLayer, 0, 1 << 20));
            admin().contentType("application/octet-stream").header("Content-Range", (1 << 20) + "-" + (sharedLayer.length - 1))
                .body(java.util.Arrays.copyOfRange(sharedLayer, 1 << 20, sharedLayer.length)).patch(location).then().statusCode(202);
            admin().queryParam("digest", shared).put(location).then().statusCode(201);
          } else {
            push(repository, sharedLayer);
          }
          push(repository, bytes(CONFIG));
          image(repository, "v1", config, shared, sharedLayer.length);
          return repository;
        }));
      }
      List<String> repositories = new ArrayList<>();
      for (Future<String> push : pushes) {
        repositories.add(push.get());
      }
      assertEquals(1, blobs.list().stream().filter(shared::equals).count());
      Admin.api().post("/api/v1/registry/gc?graceSeconds=0").then().statusCode(200);
      for (String repository : repositories) {
        String body = admin().get("/v2/" + repository + "/manifests/v1").then().statusCode(200).extract().asString();
        assertEquals(shared, JsonPath.from(body).getString("layers[0].digest"));
        assertEquals(shared, ManifestDocument.digestOf(admin().get("/v2/" + repository + "/blobs/" + shared).then()
            .statusCode(200).extract().asByteArray()));
        admin().get("/v2/" + repository + "/blobs/" + config).then().statusCode(200).body(equalTo(CONFIG));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Starts an upload and sends its first chunk; returns its location. */
  private static String startUpload(String repository, byte[] chunk) {
    String location = admin().post("/v2/" + repository + "/blobs/uploads/").then().statusCode(202)
        .extract().header("Location");
    admin().contentType("application/octet-stream").header("Content-Range", "0-" + (chunk.length - 1)).body(chunk)
        .patch(location).then().statusCode(202);
    return location;
  }

  private void lastUsed(String repository, String location, Duration ago) throws Exception {
    String id = location.substring(location.lastIndexOf('/') + 1);
    Files.setLastModifiedTime(blobs.upload(repository, id).data(), FileTime.from(Instant.now().minus(ago)));
  }

  @Test
  void uploadsUntouchedForTheExpiryGoAndActiveOnesStay() throws Exception {
    String repository = "gc-test/uploads-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] first = bytes("the first chunk " + UUID.randomUUID());
    byte[] second = bytes("the second chunk " + UUID.randomUUID());
    String abandoned = startUpload(repository, first);
    String active = startUpload(repository, first);
    lastUsed(repository, abandoned, Duration.ofHours(25)); // berth.registry.uploads.expire is PT24H
    lastUsed(repository, active, Duration.ofHours(23));

    int expired = Admin.api().post("/api/v1/registry/gc").then().statusCode(200).extract().path("uploadsExpired");
    assertTrue(expired >= 1, "expired " + expired);
    admin().get(abandoned).then().statusCode(404).body("errors[0].code", equalTo("BLOB_UPLOAD_UNKNOWN"));
    admin().contentType("application/octet-stream").header("Content-Range", first.length + "-" + (first.length + second.length - 1))
        .body(second).patch(abandoned).then().statusCode(404).body("errors[0].code", equalTo("BLOB_UPLOAD_UNKNOWN"));
    byte[] whole = (new String(first, StandardCharsets.UTF_8) + new String(second, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    String digest = ManifestDocument.digestOf(whole);
    admin().queryParam("digest", digest).put(abandoned).then().statusCode(404).body("errors[0].code", equalTo("BLOB_UPLOAD_UNKNOWN"));

    admin().contentType("application/octet-stream").header("Content-Range", first.length + "-" + (whole.length - 1))
        .body(second).patch(active).then().statusCode(202);
    admin().queryParam("digest", digest).put(active).then().statusCode(201);
    assertEquals(digest, ManifestDocument.digestOf(admin().get("/v2/" + repository + "/blobs/" + digest).then()
        .statusCode(200).extract().asByteArray()));
  }

  @Test
  void anonymousPullIsPerRepositoryAndTheCatalogStaysClosed() {
    // and reads only the blobs of the open repository's own manifests, though blobs are stored once for all
    String open = "anon-test/open-" + UUID.randomUUID().toString().substring(0, 8);
    String closed = "anon-test/closed-" + UUID.randomUUID().toString().substring(0, 8);
    String config = push(open, bytes(CONFIG));
    byte[] layer = bytes("anonymous layer " + UUID.randomUUID());
    String layerDigest = push(open, layer);
    image(open, "latest", config, layerDigest, layer.length);
    image(closed, "latest", config, layerDigest, layer.length);

    given().get("/v2/" + open + "/manifests/latest").then().statusCode(401);
    Admin.api().body("{}").put("/api/v1/registry/repositories/" + open).then().statusCode(400);
    Admin.api().body("{\"anonymousPull\":true}").put("/api/v1/registry/repositories/Bad_Name").then().statusCode(400);
    Admin.api().body("{\"anonymousPull\":true}").put("/api/v1/registry/repositories/" + open).then().statusCode(200)
        .body("anonymousPull", equalTo(true));

    given().get("/v2/" + open + "/manifests/latest").then().statusCode(200);
    given().get("/v2/" + open + "/blobs/" + layerDigest).then().statusCode(200);
    byte[] secret = bytes("private layer " + UUID.randomUUID());
    String secretDigest = push(closed, secret);
    image(closed, "private", config, secretDigest, secret.length);
    given().get("/v2/" + open + "/blobs/" + secretDigest).then().statusCode(404).body("errors[0].code", equalTo("BLOB_UNKNOWN"));
    given().head("/v2/" + open + "/blobs/" + secretDigest).then().statusCode(404);
    given().get("/v2/" + open + "/tags/list").then().statusCode(200).body("tags", equalTo(List.of("latest")));
    given().contentType("application/octet-stream").body(bytes("x")).post("/v2/" + open + "/blobs/uploads/")
        .then().statusCode(401);
    given().get("/v2/" + closed + "/manifests/latest").then().statusCode(401);
    given().get("/v2/_catalog").then().statusCode(401);
    given().get("/v2/").then().statusCode(401);

    // Docker's token flow without credentials: a token for open repositories only.
    String token = given().queryParam("scope", "repository:" + open + ":pull").get("/v2/token").then()
        .statusCode(200).extract().path("token");
    given().queryParam("scope", "repository:" + closed + ":pull").get("/v2/token").then().statusCode(401);
    given().queryParam("scope", "repository:" + open + ":pull,push").get("/v2/token").then().statusCode(401);
    given().header("Authorization", "Bearer " + token).get("/v2/" + open + "/manifests/latest").then().statusCode(200);
    given().header("Authorization", "Bearer " + token).get("/v2/" + closed + "/manifests/latest").then().statusCode(401);
    given().header("Authorization", "Bearer " + token).get("/v2/" + open + "/blobs/" + secretDigest).then().statusCode(404);
    given().header("Authorization", "Bearer " + token).get("/v2/" + open + "/blobs/" + layerDigest).then().statusCode(200);
    given().header("Authorization", "Bearer " + token).get("/v2/_catalog").then().statusCode(401);

    Admin.api().body("{\"anonymousPull\":false}").put("/api/v1/registry/repositories/" + open).then().statusCode(200);
    given().get("/v2/" + open + "/manifests/latest").then().statusCode(401);
  }
}
