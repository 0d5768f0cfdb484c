package dev.berth.control.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.BerthTls;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The registry with the real clients of the Debian packages: podman pushes and pulls (POST,
 * streamed PATCH, PUT), skopeo inspects, copies out to an OCI layout and back in as a Docker
 * schema 2 image, and deletes. Podman runs with a storage of its own (vfs), removed afterwards.
 */
@QuarkusTest
class RegistryWithRealClientsTest {
  @TestHTTPResource("/") URL controlPlane;

  private record Run(int exit, String output) {}

  private static Run run(String... command) throws IOException, InterruptedException {
    Path output = Files.createTempFile("registry-client", ".txt");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " hung:\n" + Files.readString(output));
      }
      return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String ok(String... command) throws IOException, InterruptedException {
    Run run = run(command);
    assertEquals(0, run.exit(), String.join(" ", command) + ":\n" + run.output());
    return run.output();
  }

  @Test
  void podmanAndSkopeoPushInspectCopyPullAndDelete() throws Exception {
    String registry = "localhost:" + controlPlane.getPort();
    String credentials = "admin:" + Admin.password();
    Path storage = Files.createTempDirectory("registry-podman");
    List<String> podman = new ArrayList<>(List.of("podman", "--root", storage.resolve("root").toString(),
        "--runroot", storage.resolve("run").toString(), "--storage-driver", "vfs"));
    try {
      String image = registry + "/real/busybox:1.0";
      ok(with(podman, "import", DockerCli.busyboxRootfs().toString(), image));
      ok(with(podman, "push", "--tls-verify=false", "--creds", credentials, image));

      String inspected = ok("skopeo", "inspect", "--tls-verify=false", "--creds", credentials, "docker://" + image);
      assertTrue(inspected.contains("\"Architecture\": \"amd64\""), inspected);

      Path layout = storage.resolve("layout");
      ok("skopeo", "copy", "--src-tls-verify=false", "--src-creds", credentials, "docker://" + image, "oci:" + layout + ":copy");
      assertTrue(Files.readString(layout.resolve("index.json")).contains("copy"));
      String copied = registry + "/real/copied:2.0";
      // In again as a Docker schema 2 image, with an API token as the password of any username.
      ok("skopeo", "copy", "--format", "v2s2", "--dest-tls-verify=false", "--dest-creds", "anyone:" + Admin.token(),
          "oci:" + layout + ":copy", "docker://" + copied);
      String raw = ok("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", credentials, "docker://" + copied);
      assertTrue(raw.contains(ManifestDocument.DOCKER_MANIFEST), raw);

      ok(with(podman, "rmi", "-a", "-f"));
      ok(with(podman, "pull", "--tls-verify=false", "--creds", credentials, copied));
      assertTrue(ok(with(podman, "images")).contains("real/copied"));

      given().auth().preemptive().basic("admin", Admin.password()).get("/v2/_catalog").then().statusCode(200)
          .body("repositories", hasItems("real/busybox", "real/copied"));

      ok("skopeo", "delete", "--tls-verify=false", "--creds", credentials, "docker://" + copied);
      Run gone = run("skopeo", "inspect", "--tls-verify=false", "--creds", credentials, "docker://" + copied);
      assertNotEquals(0, gone.exit(), gone.output());
    } finally {
      run(with(podman, "rmi", "-a", "-f"));
      try (Stream<Path> files = Files.walk(storage)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /**
   * Over HTTPS, as Berth serves by default, skopeo verifying Berth's CA speaks HTTP/2 (Go
   * negotiates it): a streamed upload into Berth, and a copy back out, byte for byte.
   */
  @Test
  void skopeoCopiesInAndOutOverHttpsVerifyingBerthsCa() throws Exception {
    String plain = "localhost:" + controlPlane.getPort();
    String secure = "127.0.0.1:" + BerthTls.httpsUrl().getPort();
    String credentials = "admin:" + Admin.password();
    byte[] layer = new byte[2 * 1024 * 1024 + 3];
    new java.util.Random(13).nextBytes(layer);
    String config = RegistryApiTest.push("https-real/source", RegistryApiTest.CONFIG.getBytes(StandardCharsets.UTF_8));
    String layerDigest = RegistryApiTest.push("https-real/source", layer);
    Admin.api().contentType(ManifestDocument.OCI_MANIFEST)
        .body(RegistryApiTest.manifest(config, RegistryApiTest.CONFIG.length(), layerDigest, layer.length))
        .put("/v2/https-real/source/manifests/1").then().statusCode(201);
    Path work = Files.createTempDirectory("registry-https");
    try {
      Path certs = Files.createDirectories(work.resolve("certs"));
      Files.copy(BerthTls.caFile(), certs.resolve("ca.crt"));
      ok("skopeo", "copy", "--preserve-digests", "--src-tls-verify=false", "--src-creds", credentials, "--dest-cert-dir", certs.toString(),
          "--dest-creds", credentials, "docker://" + plain + "/https-real/source:1", "docker://" + secure + "/https-real/copy:1");
      Path layout = work.resolve("layout");
      ok("skopeo", "copy", "--src-cert-dir", certs.toString(), "--src-creds", credentials,
          "docker://" + secure + "/https-real/copy:1", "oci:" + layout + ":copy");
      assertTrue(Files.readString(layout.resolve("index.json")).contains("copy"));
      // The layer went in as it was (skopeo checks every digest it reads on the way out).
      Admin.api().get("/v2/https-real/copy/manifests/1").then().statusCode(200)
          .body(org.hamcrest.Matchers.containsString(layerDigest));
      byte[] stored = Admin.api().get("/v2/https-real/copy/blobs/" + layerDigest).then().statusCode(200)
          .extract().asByteArray();
      assertEquals(layerDigest, ManifestDocument.digestOf(stored));
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  void curlFollowsTheLinkHeaderThroughTheCatalogAndTagListsWithBasicAuthOrABearerToken() throws Exception {
    String config = RegistryApiTest.push("curl/first", RegistryApiTest.CONFIG.getBytes(StandardCharsets.UTF_8));
    List<String> repositories = List.of("curl/first", "curl/second", "curl/third");
    List<String> tags = List.of("1.0", "1.1", "2.0", "latest", "v9");
    for (String repository : repositories) {
      RegistryApiTest.push(repository, RegistryApiTest.CONFIG.getBytes(StandardCharsets.UTF_8));
      String manifest = RegistryApiTest.manifest(config, RegistryApiTest.CONFIG.length(), config, RegistryApiTest.CONFIG.length());
      for (String tag : repository.equals("curl/first") ? tags : List.of("latest")) {
        RegistryApiTest.admin().contentType(ManifestDocument.OCI_MANIFEST).body(manifest)
            .put("/v2/" + repository + "/manifests/" + tag).then().statusCode(201);
      }
    }
    String basic = "admin:" + Admin.password();
    List<String> catalog = curlPages("/v2/_catalog?n=2", "repositories", "--user", basic);
    assertTrue(catalog.containsAll(repositories), catalog.toString());
    assertEquals(catalog.stream().sorted().distinct().toList(), catalog, "lexical order, each name once across pages");

    List<String> listed = curlPages("/v2/curl/first/tags/list?n=2", "tags", "--header", "Authorization: Bearer " + Admin.token());
    assertEquals(tags, listed);
    // n=0 is an empty page without a next one; a page as large as the list has a Link to an empty page.
    assertEquals(List.of(), curlPages("/v2/curl/first/tags/list?n=0", "tags", "--user", basic));
    assertEquals(tags, curlPages("/v2/curl/first/tags/list?n=5", "tags", "--user", basic));
  }

  /** Every item of a paginated list, following each page's {@code Link: <...>; rel="next"} with the real curl. */
  private List<String> curlPages(String first, String field, String... auth) throws Exception {
    List<String> items = new ArrayList<>();
    String next = first;
    for (int pages = 0; next != null; pages++) {
      assertTrue(pages < 1000, "no end of pages at " + next);
      Path headers = Files.createTempFile("curl-headers", ".txt");
      try {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--fail-with-body",
            "--dump-header", headers.toString()));
        command.addAll(List.of(auth));
        command.add(controlPlane.toURI().resolve(next).toString());
        io.vertx.core.json.JsonObject page = new io.vertx.core.json.JsonObject(ok(command.toArray(String[]::new)));
        io.vertx.core.json.JsonArray array = page.getJsonArray(field);
        if (array != null) {
          array.forEach(item -> items.add((String) item));
        }
        next = null;
        for (String line : Files.readAllLines(headers, StandardCharsets.ISO_8859_1)) {
          java.util.regex.Matcher link = NEXT.matcher(line.strip());
          if (link.matches()) {
            next = link.group(1);
          }
        }
      } finally {
        Files.deleteIfExists(headers);
      }
    }
    return items;
  }

  private static final java.util.regex.Pattern NEXT = java.util.regex.Pattern.compile("(?i)link:\\s*<([^>]+)>;\\s*rel=\"next\"");

  private static String[] with(List<String> base, String... args) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }
}
