package dev.berth.control.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.security.PasswordHasher;
import dev.berth.control.security.User;
import dev.berth.control.support.Admin;
import dev.berth.control.support.People;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The OCI Distribution API over HTTP: auth, uploads of every kind, manifests, lists and each error code. */
@QuarkusTest
class RegistryApiTest {
  static final String CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";

  static {
    io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  static RequestSpecification admin() {
    return given().header("Authorization", "Bearer " + Admin.token());
  }

  static String push(String repository, byte[] blob) {
    String digest = ManifestDocument.digestOf(blob);
    admin().queryParam("digest", digest).contentType("application/octet-stream").body(blob)
        .post("/v2/" + repository + "/blobs/uploads/").then().statusCode(201)
        .header("Docker-Content-Digest", digest);
    return digest;
  }

  static String manifest(String configDigest, int configSize, String layerDigest, int layerSize) {
    return "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestDocument.OCI_MANIFEST + "\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
        + "\",\"size\":" + configSize + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
        + "\"digest\":\"" + layerDigest + "\",\"size\":" + layerSize + "}]}";
  }

  @Test
  void versionCheckChallengesAndTheTokenFlowLetsAUserIn() {
    given().get("/v2/").then().statusCode(401)
        .header("WWW-Authenticate", containsString("Bearer realm=\"http://"))
        .header("WWW-Authenticate", containsString("/v2/token\",service=\"berth\""))
        .header("Docker-Distribution-API-Version", "registry/2.0")
        .body("errors[0].code", equalTo("UNAUTHORIZED"));
    given().get("/v2/token").then().statusCode(401).body("errors[0].code", equalTo("UNAUTHORIZED"));
    given().auth().preemptive().basic("admin", "wrong").get("/v2/token").then().statusCode(401);

    String token = given().auth().preemptive().basic("admin", Admin.password())
        .queryParam("service", "berth").queryParam("scope", "repository:any/thing:pull,push")
        .get("/v2/token").then().statusCode(200).extract().path("token");
    given().header("Authorization", "Bearer " + token).get("/v2/").then().statusCode(200);
    given().auth().preemptive().basic("anyone", Admin.token()).get("/v2/").then().statusCode(200);
    given().header("Authorization", "Bearer berth_registry_forged").get("/v2/").then().statusCode(401);
  }

  @Test
  void repeatedWrongPasswordsAreThrottledLikeDashboardLoginsWithTheRegistryErrorShape() {
    String name = People.create("registry-guess", "operator");
    for (int i = 0; i < 5; i++) {
      given().header("X-Forwarded-For", "198.51.100.20" + i).auth().preemptive().basic(name, "wrong " + i)
          .get(i % 2 == 0 ? "/v2/" : "/v2/token").then().statusCode(401).body("errors[0].code", equalTo("UNAUTHORIZED"));
    }
    // Blocked now, for the right password too, on /v2/ and on the token endpoint, from any address.
    for (String path : new String[] {"/v2/", "/v2/token"}) {
      String retry = given().header("X-Forwarded-For", "198.51.100.209").auth().preemptive().basic(name, People.PASSWORD)
          .get(path).then().statusCode(429).body("errors[0].code", equalTo("TOOMANYREQUESTS"))
          .body("errors[0].message", containsString("too many failed logins")).extract().header("Retry-After");
      assertTrue(Integer.parseInt(retry) >= 1, retry);
    }
    // One address guessing many names is stopped for every name.
    for (int i = 0; i < 20; i++) {
      given().header("X-Forwarded-For", "203.0.113.207").auth().preemptive().basic(People.uniqueName("nobody"), "x")
          .get("/v2/").then().statusCode(401);
    }
    String other = People.create("registry-other", "viewer");
    given().header("X-Forwarded-For", "203.0.113.207").auth().preemptive().basic(other, People.PASSWORD)
        .get("/v2/token").then().statusCode(429).body("errors[0].code", equalTo("TOOMANYREQUESTS"));
    given().header("X-Forwarded-For", "203.0.113.208").auth().preemptive().basic(other, People.PASSWORD)
        .get("/v2/token").then().statusCode(200);

    Admin.api().queryParam("user", name).queryParam("action", "registry login").get("/api/v1/audit").then().statusCode(200)
        .body("outcome", hasItems("refused: wrong username or password"))
        .body("outcome", org.hamcrest.Matchers.hasItem(containsString("too many failed logins")))
        .body("source", org.hamcrest.Matchers.hasItem("198.51.100.200"));
  }

  @Test
  void monolithicAndChunkedUploadsServeBlobsWithRanges() {
    String repository = "api-test/uploads";
    byte[] whole = "a monolithic blob".getBytes(StandardCharsets.UTF_8);
    String digest = push(repository, whole);
    admin().head("/v2/" + repository + "/blobs/" + digest).then().statusCode(200)
        .header("Content-Length", String.valueOf(whole.length)).header("Docker-Content-Digest", digest);
    admin().header("Range", "bytes=2-5").get("/v2/" + repository + "/blobs/" + digest).then().statusCode(206)
        .header("Content-Range", "bytes 2-5/" + whole.length).body(equalTo("mono"));

    byte[] first = "first chunk, ".getBytes(StandardCharsets.UTF_8);
    byte[] second = "second chunk".getBytes(StandardCharsets.UTF_8);
    String location = admin().post("/v2/" + repository + "/blobs/uploads/").then().statusCode(202)
        .header("Range", "0-0").extract().header("Location");
    admin().header("Content-Range", "0-" + (first.length - 1)).contentType("application/octet-stream").body(first)
        .patch(location).then().statusCode(202).header("Range", "0-" + (first.length - 1));
    admin().header("Content-Range", "0-3").contentType("application/octet-stream").body(second)
        .patch(location).then().statusCode(416).body("errors[0].code", equalTo("BLOB_UPLOAD_INVALID"))
        .header("Range", "0-" + (first.length - 1));
    admin().header("Content-Range", first.length + "-" + (first.length + second.length - 1))
        .contentType("application/octet-stream").body(second).patch(location).then().statusCode(202);
    admin().get(location).then().statusCode(204).header("Range", "0-" + (first.length + second.length - 1));
    byte[] joined = "first chunk, second chunk".getBytes(StandardCharsets.UTF_8);
    String joinedDigest = ManifestDocument.digestOf(joined);
    admin().queryParam("digest", joinedDigest).put(location).then().statusCode(201)
        .header("Location", "/v2/" + repository + "/blobs/" + joinedDigest);
    admin().get("/v2/" + repository + "/blobs/" + joinedDigest).then().statusCode(200)
        .body(equalTo("first chunk, second chunk"));
    admin().get(location).then().statusCode(404).body("errors[0].code", equalTo("BLOB_UPLOAD_UNKNOWN"));

    // POST then PUT with the whole body; then cancel another one.
    String putLocation = admin().post("/v2/" + repository + "/blobs/uploads/").then().statusCode(202).extract().header("Location");
    byte[] put = "put in one go".getBytes(StandardCharsets.UTF_8);
    admin().queryParam("digest", ManifestDocument.digestOf(put)).contentType("application/octet-stream").body(put)
        .put(putLocation).then().statusCode(201);
    String cancelled = admin().post("/v2/" + repository + "/blobs/uploads/").then().statusCode(202).extract().header("Location");
    admin().delete(cancelled).then().statusCode(204);
    admin().get(cancelled).then().statusCode(404);

    // Cross-repository mount of a stored blob; of an unknown one it starts an upload instead.
    admin().queryParam("mount", digest).queryParam("from", repository).post("/v2/api-test/mounted/blobs/uploads/")
        .then().statusCode(201).header("Docker-Content-Digest", digest);
    String unknown = ManifestDocument.digestOf("never pushed".getBytes(StandardCharsets.UTF_8));
    admin().queryParam("mount", unknown).queryParam("from", repository).post("/v2/api-test/mounted/blobs/uploads/")
        .then().statusCode(202);
  }

  @Test
  void anUploadSurvivesARestartOfTheStore() throws Exception {
    var root = Files.createTempDirectory("registry-restart");
    BlobStore before = new BlobStore(root);
    BlobStore.Upload upload = before.start("restart/test");
    Files.writeString(upload.data(), "half of it, ");
    BlobStore after = new BlobStore(root); // as after a restart: no running hash
    BlobStore.Upload resumed = after.upload("restart/test", upload.id());
    assertEquals(12, resumed.size());
    Files.writeString(resumed.data(), "the rest", java.nio.file.StandardOpenOption.APPEND);
    String digest = ManifestDocument.digestOf("half of it, the rest".getBytes(StandardCharsets.UTF_8));
    assertEquals(20, after.commit(resumed, digest));
    assertTrue(after.find(digest).isPresent());
    assertEquals(java.util.Set.of(digest), after.list());
  }

  @Test
  void manifestsByTagAndDigestWithListsAndDeletes() {
    String repository = "api-test/manifests";
    byte[] config = CONFIG.getBytes(StandardCharsets.UTF_8);
    byte[] layer = ("layer " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    String configDigest = push(repository, config);
    String layerDigest = push(repository, layer);
    String body = manifest(configDigest, config.length, layerDigest, layer.length);
    String digest = ManifestDocument.digestOf(body.getBytes(StandardCharsets.UTF_8));
    for (String tag : new String[] {"v1", "v2", "v3"}) {
      admin().contentType(ManifestDocument.OCI_MANIFEST).body(body).put("/v2/" + repository + "/manifests/" + tag)
          .then().statusCode(201).header("Docker-Content-Digest", digest);
    }
    admin().accept(ManifestDocument.OCI_MANIFEST).get("/v2/" + repository + "/manifests/v1").then().statusCode(200)
        .contentType(ManifestDocument.OCI_MANIFEST).header("Docker-Content-Digest", digest).body(equalTo(body));
    admin().head("/v2/" + repository + "/manifests/" + digest).then().statusCode(200)
        .header("Content-Length", String.valueOf(body.length()));
    admin().accept(ManifestDocument.DOCKER_MANIFEST).get("/v2/" + repository + "/manifests/v1").then().statusCode(404);

    // An index over it, a referrer with a subject, and the lists.
    String index = "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestDocument.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
        + ManifestDocument.OCI_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":" + body.length()
        + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
    admin().contentType(ManifestDocument.OCI_INDEX).body(index).put("/v2/" + repository + "/manifests/multi").then().statusCode(201);
    String referrer = "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestDocument.OCI_MANIFEST + "\",\"artifactType\":\"application/x-signature\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},"
        + "\"layers\":[],\"subject\":{\"mediaType\":\"" + ManifestDocument.OCI_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":" + body.length() + "}}";
    String referrerDigest = ManifestDocument.digestOf(referrer.getBytes(StandardCharsets.UTF_8));
    admin().contentType(ManifestDocument.OCI_MANIFEST).body(referrer).put("/v2/" + repository + "/manifests/" + referrerDigest)
        .then().statusCode(201).header("OCI-Subject", digest);
    admin().get("/v2/" + repository + "/referrers/" + digest).then().statusCode(200)
        .body("manifests[0].digest", equalTo(referrerDigest)).body("manifests[0].artifactType", equalTo("application/x-signature"));
    admin().queryParam("artifactType", "application/other").get("/v2/" + repository + "/referrers/" + digest).then()
        .statusCode(200).header("OCI-Filters-Applied", "artifactType").body("manifests.size()", equalTo(0));

    Response page = admin().queryParam("n", 2).get("/v2/" + repository + "/tags/list");
    page.then().statusCode(200).body("tags", equalTo(java.util.List.of("multi", "v1")))
        .header("Link", "</v2/" + repository + "/tags/list?n=2&last=v1>; rel=\"next\"");
    admin().queryParam("n", 2).queryParam("last", "v1").get("/v2/" + repository + "/tags/list").then()
        .body("tags", equalTo(java.util.List.of("v2", "v3")));
    admin().get("/v2/_catalog").then().statusCode(200).body("repositories", hasItems(repository));
    String first = admin().queryParam("n", 1).get("/v2/_catalog").then().extract().path("repositories[0]");
    admin().queryParam("n", 1).get("/v2/_catalog").then().header("Link", containsString("last=" + first.replace("/", "%2F")));

    admin().delete("/v2/" + repository + "/manifests/v3").then().statusCode(202);
    admin().get("/v2/" + repository + "/manifests/v3").then().statusCode(404).body("errors[0].code", equalTo("MANIFEST_UNKNOWN"));
    admin().delete("/v2/" + repository + "/blobs/" + layerDigest).then().statusCode(403).body("errors[0].code", equalTo("DENIED"));
    admin().delete("/v2/" + repository + "/manifests/multi").then().statusCode(202);
    admin().delete("/v2/" + repository + "/manifests/" + digest).then().statusCode(202);
    admin().get("/v2/" + repository + "/manifests/v1").then().statusCode(404);
  }

  @Test
  void everyErrorCodeOfTheSpec() {
    String repository = "api-test/errors";
    byte[] blob = "some bytes".getBytes(StandardCharsets.UTF_8);
    String wrong = ManifestDocument.digestOf("other bytes".getBytes(StandardCharsets.UTF_8));
    admin().queryParam("digest", wrong).contentType("application/octet-stream").body(blob)
        .post("/v2/" + repository + "/blobs/uploads/").then().statusCode(400).body("errors[0].code", equalTo("DIGEST_INVALID"));
    admin().queryParam("digest", "sha256:nothex").contentType("application/octet-stream").body(blob)
        .post("/v2/" + repository + "/blobs/uploads/").then().statusCode(400).body("errors[0].code", equalTo("DIGEST_INVALID"));
    admin().get("/v2/" + repository + "/blobs/" + wrong).then().statusCode(404).body("errors[0].code", equalTo("BLOB_UNKNOWN"));
    admin().get("/v2/Not_Valid/manifests/latest").then().statusCode(400).body("errors[0].code", equalTo("NAME_INVALID"));
    admin().get("/v2/api-test/never-pushed/manifests/latest").then().statusCode(404).body("errors[0].code", equalTo("NAME_UNKNOWN"));
    admin().get("/v2/api-test/never-pushed/tags/list").then().statusCode(404).body("errors[0].code", equalTo("NAME_UNKNOWN"));
    admin().get("/v2/" + repository + "/nothing-here/at-all/x").then().statusCode(404).body("errors[0].code", equalTo("UNSUPPORTED"));
    admin().post("/v2/" + repository + "/manifests/latest").then().statusCode(405).body("errors[0].code", equalTo("UNSUPPORTED"));
    admin().get("/v2/" + repository + "/blobs/uploads/").then().statusCode(405).body("errors[0].code", equalTo("UNSUPPORTED"));
    admin().delete("/v2/_catalog").then().statusCode(405).body("errors[0].code", equalTo("UNSUPPORTED"));
    for (String n : new String[] {"ten", "-1", "1.5"}) {
      admin().queryParam("n", n).get("/v2/_catalog").then().statusCode(400).body("errors[0].code", equalTo("PAGINATION_NUMBER_INVALID"));
    }
    admin().queryParam("n", "x").get("/v2/api-test/never-pushed/tags/list").then().statusCode(400)
        .body("errors[0].code", equalTo("PAGINATION_NUMBER_INVALID"));

    String config = push(repository, CONFIG.getBytes(StandardCharsets.UTF_8));
    admin().contentType(ManifestDocument.OCI_MANIFEST).body(manifest(config, CONFIG.length(), wrong, 11))
        .put("/v2/" + repository + "/manifests/latest").then().statusCode(400).body("errors[0].code", equalTo("MANIFEST_BLOB_UNKNOWN"));
    admin().contentType(ManifestDocument.OCI_MANIFEST).body("{\"schemaVersion\":2,\"layers\":\"no\"}")
        .put("/v2/" + repository + "/manifests/latest").then().statusCode(400).body("errors[0].code", equalTo("MANIFEST_INVALID"));
    admin().contentType(ManifestDocument.OCI_MANIFEST).body("not json")
        .put("/v2/" + repository + "/manifests/latest").then().statusCode(400).body("errors[0].code", equalTo("MANIFEST_INVALID"));
    String body = manifest(config, CONFIG.length(), config, CONFIG.length());
    admin().contentType(ManifestDocument.OCI_MANIFEST).body(body).put("/v2/" + repository + "/manifests/" + wrong)
        .then().statusCode(400).body("errors[0].code", equalTo("DIGEST_INVALID"));
    admin().contentType(ManifestDocument.OCI_MANIFEST).body(body).put("/v2/" + repository + "/manifests/latest").then().statusCode(201);
    admin().get("/v2/" + repository + "/manifests/missing").then().statusCode(404).body("errors[0].code", equalTo("MANIFEST_UNKNOWN"));
    for (String tag : new String[] {"-dash-first", ".dot-first", "a".repeat(129), "bad!tag"}) {
      admin().contentType(ManifestDocument.OCI_MANIFEST).body(body).put("/v2/" + repository + "/manifests/" + tag)
          .then().statusCode(400).body("errors[0].code", equalTo("TAG_INVALID"));
    }
    admin().get("/v2/" + repository + "/manifests/-dash-first").then().statusCode(400).body("errors[0].code", equalTo("TAG_INVALID"));
    byte[] huge = new byte[ManifestDocument.MAX_SIZE + 1];
    admin().contentType(ManifestDocument.OCI_MANIFEST).body(huge).put("/v2/" + repository + "/manifests/huge")
        .then().statusCode(413).body("errors[0].code", equalTo("SIZE_INVALID"));
    given().get("/v2/" + repository + "/manifests/latest").then().statusCode(401)
        .header("WWW-Authenticate", containsString("scope=\"repository:" + repository + ":pull\""))
        .body("errors[0].code", equalTo("UNAUTHORIZED"));

    String viewer = "registry-viewer-" + UUID.randomUUID().toString().substring(0, 8);
    QuarkusTransaction.requiringNew().run(() -> {
      User user = new User();
      user.id = UUID.randomUUID();
      user.username = viewer;
      user.passwordHash = PasswordHasher.hash("viewer-password");
      user.role = "viewer";
      user.createdAt = Instant.now();
      user.persist();
    });
    try {
      String basic = "Basic " + Base64.getEncoder().encodeToString((viewer + ":viewer-password").getBytes(StandardCharsets.UTF_8));
      given().header("Authorization", basic).get("/v2/" + repository + "/manifests/latest").then().statusCode(200);
      given().header("Authorization", basic).delete("/v2/" + repository + "/manifests/latest").then().statusCode(403)
          .body("errors[0].code", equalTo("DENIED"));
    } finally {
      QuarkusTransaction.requiringNew().run(() -> User.delete("username", viewer));
    }
  }
}
