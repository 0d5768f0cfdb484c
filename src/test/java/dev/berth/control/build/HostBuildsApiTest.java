package dev.berth.control.build;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import dev.berth.control.support.Tars;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/hosts/{host}/builds} against a real agent: a build from a form (a Dockerfile typed
 * in, single files, build args, tags) and one from a tar body, the image they make run by the
 * docker CLI through the tunnel, a failing RUN recorded as a failed build with its exit code, the
 * history newest first with who, tags, result and output; problem+json for bad requests; audited.
 */
@QuarkusTest
class HostBuildsApiTest {
  private static final String HOST = "builds-api";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void buildsFromAFormAndFromATarAndKeepsTheHistory() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      assertEquals(0, docker.run(DockerCli.busyboxRootfs(), "import", "-", "build-api/base").exit());
      try {
        JsonPath built = as().multiPart("dockerfile", """
                FROM build-api/base
                ARG WHO
                RUN echo "hello $WHO" > /greeting && cat /greeting
                COPY note.txt /
                CMD ["cat", "/greeting", "/note.txt"]
                """)
            .multiPart("files", "note.txt", "a note\n".getBytes(StandardCharsets.UTF_8))
            .multiPart("buildArgs", "WHO=api")
            .multiPart("tags", "build-api/app:1, build-api/app:latest")
            .post("/api/v1/hosts/" + HOST + "/builds?wait=120")
            .then().statusCode(200).extract().jsonPath();
        assertEquals("succeeded", built.getString("state"), built.prettify());
        assertTrue(built.getString("imageId").startsWith("sha256:"), built.prettify());
        assertEquals(List.of("build-api/app:1", "build-api/app:latest"), built.getList("tags"));
        assertEquals("admin", built.getString("startedBy"));
        String output = built.getString("output");
        assertTrue(output.contains("Step 3/5 : RUN echo \"hello $WHO\" > /greeting && cat /greeting"), output);
        assertTrue(output.contains("hello api\n"), output);
        assertTrue(output.contains("Successfully tagged build-api/app:latest"), output);
        assertEquals("hello api\na note\n", docker.ok("run", "--rm", "build-api/app:1"));
        assertEquals(built.getString("imageId"),
            docker.ok("image", "inspect", "--format", "{{.Id}}", "build-api/app:latest").trim());

        byte[] context = tar("Dockerfile", "FROM build-api/base\nRUN echo failing && exit 3\n");
        JsonPath failed = given().header("Authorization", "Bearer " + Admin.token()).contentType("application/x-tar")
            .body(context).post("/api/v1/hosts/" + HOST + "/builds?t=build-api/failed:1&wait=120")
            .then().statusCode(200).extract().jsonPath();
        assertEquals("failed", failed.getString("state"));
        assertTrue(failed.getString("error").contains("returned a non-zero code: 3"), failed.prettify());
        assertTrue(failed.getString("output").contains("failing\n"), failed.prettify());
        assertTrue(docker.run(null, "image", "inspect", "build-api/failed:1").output().contains("No such image"));

        JsonPath history = Admin.api().get("/api/v1/hosts/" + HOST + "/builds").then().statusCode(200)
            .extract().jsonPath();
        assertEquals(List.of(failed.getString("id"), built.getString("id")), history.getList("id"));
        assertEquals(List.of("failed", "succeeded"), history.getList("state"));
        assertTrue(history.getLong("[1].durationMs") > 0);
        assertTrue(history.getMap("[0]").get("output") == null, history.prettify());
        JsonPath one = Admin.api().get("/api/v1/hosts/" + HOST + "/builds/" + built.getString("id"))
            .then().statusCode(200).extract().jsonPath();
        assertTrue(one.getString("output").contains("hello api"), one.prettify());
        assertEquals("{WHO=api}", one.getMap("buildArgs").toString());

        JsonPath audit = Admin.api().queryParam("host", HOST).queryParam("action", "POST /api/v1/hosts/{host}/builds")
            .get("/api/v1/audit")
            .then().statusCode(200).extract().jsonPath();
        assertEquals(2, audit.getList("$").size(), audit.prettify());
      } finally {
        docker.run(null, "rmi", "-f", "build-api/app:1", "build-api/app:latest", "build-api/base");
      }
    }
  }

  @Test
  void refusesBadRequestsWithProblems() {
    String path = "/api/v1/hosts/" + HOST + "/builds";
    problem(as().multiPart("dockerfile", "FROM scratch\n").multiPart("tags", "Not/Valid:tag").post(path), 400,
        "invalid tag Not/Valid:tag");
    problem(as().multiPart("tags", "app:1").post(path), 400, "nothing to build");
    problem(as().multiPart("dockerfile", "FROM scratch\n").multiPart("buildArgs", "NOEQUALS").post(path), 400,
        "a build arg is KEY=VALUE");
    problem(as().multiPart("dockerfile", "FROM scratch\n").multiPart("dockerfilePath", "../Dockerfile").post(path),
        400, "relative to the context");
    problem(as().multiPart("files", "../escape", new byte[1]).post(path), 400, "must be relative");
    problem(as().multiPart("dockerfile", "FROM scratch\n").multiPart("context", "context.tar",
        "not a tar ".repeat(100).getBytes(StandardCharsets.UTF_8))
        .post(path), 400, "not a tar archive");
    problem(as().multiPart("dockerfile", "FROM scratch\n").post("/api/v1/hosts/no-such-host/builds"), 404,
        "no such host: no-such-host");
    problem(Admin.api().get(path + "/not-a-uuid"), 404, "no such build");
    problem(Admin.api().get(path + "/00000000-0000-0000-0000-000000000000"), 404, "no such build");
  }

  private static RequestSpecification as() {
    return given().header("Authorization", "Bearer " + Admin.token());
  }

  private static void problem(io.restassured.response.Response response, int status, String detail) {
    response.then().statusCode(status).contentType("application/problem+json");
    String text = response.jsonPath().getString("detail");
    assertTrue(text.contains(detail), text);
  }

  // A plain tar of one file, written by the system's tar.
  static byte[] tar(String name, String content) throws Exception {
    return Tars.ofOneFile(name, content.getBytes(StandardCharsets.UTF_8));
  }
}
