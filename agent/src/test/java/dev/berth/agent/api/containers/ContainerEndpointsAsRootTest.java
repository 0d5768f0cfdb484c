package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.api.CapturedResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The container endpoints through the router, on real runc containers: shapes and dockerd's errors. */
@Tag("root")
class ContainerEndpointsAsRootTest extends EndpointsOnAgentTest {
  @Test
  void createAnswersTheIdAndRefusesMissingImagesTakenNamesAndBadInput() throws Exception {
    CapturedResponse created = api.call("POST", "/v1.47/containers/create?name=web",
        "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"Labels\":{\"a\":\"1\"},\"HostConfig\":{\"NetworkMode\":\"bridge\","
            + "\"Memory\":16777216,\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":2},\"AutoRemove\":false}}");
    assertEquals(201, created.status, created.text());
    assertTrue(created.json().get("Id").asText().matches("[0-9a-f]{64}"));
    assertEquals("[]", created.json().get("Warnings").toString());

    CapturedResponse missing = api.call("POST", "/v1.47/containers/create", "{\"Image\":\"nope\"}");
    assertEquals(404, missing.status);
    assertEquals("No such image: nope:latest", missing.json().get("message").asText());
    CapturedResponse taken = api.call("POST", "/v1.47/containers/create?name=web", "{\"Image\":\"busybox\"}");
    assertEquals(409, taken.status);
    assertTrue(taken.json().get("message").asText().startsWith("Conflict. The container name \"/web\" is already in use"));
    assertEquals(400, api.call("POST", "/v1.47/containers/create?name=b%20d", "{\"Image\":\"busybox\"}").status);
    assertEquals(400, api.call("POST", "/v1.47/containers/create", "{\"Image\":\"busybox\",\"HostConfig\":"
        + "{\"RestartPolicy\":{\"Name\":\"sometimes\"}}}").status);

    JsonNode inspect = api.json("GET", "/v1.47/containers/web/json");
    assertEquals("/web", inspect.get("Name").asText());
    assertEquals("true", inspect.get("Path").asText());
    assertEquals("created", inspect.at("/State/Status").asText());
    assertEquals("0001-01-01T00:00:00Z", inspect.at("/State/StartedAt").asText());
    assertEquals(api.imageId, inspect.get("Image").asText());
    assertEquals("bridge", inspect.at("/HostConfig/NetworkMode").asText());
    assertEquals(16777216, inspect.at("/HostConfig/Memory").asLong());
    assertEquals("on-failure", inspect.at("/HostConfig/RestartPolicy/Name").asText());
    assertEquals("1", inspect.at("/Config/Labels/a").asText());
    assertEquals("overlay2", inspect.at("/GraphDriver/Name").asText());
    assertEquals(404, api.call("GET", "/v1.47/containers/nope/json").status);
    assertEquals("No such container: nope", api.call("GET", "/v1.47/containers/nope/json").json().get("message").asText());
  }

  @Test
  void lifecycleVerbsAnswerAsDockerd() throws Exception {
    String id = api.run("sleeper", "trap 'exit 7' TERM; while true; do sleep 0.1; done");
    assertEquals(304, api.call("POST", "/v1.47/containers/sleeper/start").status);
    CapturedResponse running = api.call("DELETE", "/v1.47/containers/sleeper");
    assertEquals(409, running.status);
    assertEquals("cannot remove container \"/sleeper\": container is running: stop the container before removing"
        + " or force remove", running.json().get("message").asText());
    assertEquals(204, api.call("POST", "/v1.47/containers/sleeper/stop?t=5").status);
    assertEquals(304, api.call("POST", "/v1.47/containers/sleeper/stop").status);
    assertEquals(7, api.json("GET", "/v1.47/containers/sleeper/json").at("/State/ExitCode").asInt());
    assertEquals("{\"StatusCode\":7,\"Error\":null}", api.json("POST", "/v1.47/containers/sleeper/wait").toString());
    assertEquals(409, api.call("POST", "/v1.47/containers/sleeper/kill").status);

    assertEquals(204, api.call("POST", "/v1.47/containers/sleeper/restart?t=1").status);
    assertEquals("running", api.json("GET", "/v1.47/containers/" + id.substring(0, 10) + "/json").at("/State/Status").asText());
    assertEquals(204, api.call("POST", "/v1.47/containers/sleeper/kill?signal=SIGKILL").status);
    assertEquals("{\"StatusCode\":137,\"Error\":null}", api.json("POST", "/v1.47/containers/sleeper/wait?condition=not-running").toString());
    assertEquals(400, api.call("POST", "/v1.47/containers/sleeper/wait?condition=sometime").status);

    assertEquals(204, api.call("POST", "/v1.47/containers/sleeper/rename?name=napper").status);
    assertEquals("/napper", api.json("GET", "/v1.47/containers/" + id + "/json").get("Name").asText());
    assertEquals(404, api.call("POST", "/v1.47/containers/sleeper/rename?name=x1").status);
    assertEquals(204, api.call("DELETE", "/v1.47/containers/napper?force=1&v=1").status);
    assertEquals(404, api.call("DELETE", "/v1.47/containers/napper").status);
  }

  @Test
  void listShowsRunningOnlyUnlessAskedAndFilters() throws Exception {
    String up = api.run("up", "sleep 30");
    String done = api.run("done", "exit 3");
    api.json("POST", "/v1.47/containers/done/wait");
    api.create("fresh", "{\"Image\":\"busybox\",\"Labels\":{\"tier\":\"web\"}}");

    JsonNode running = api.json("GET", "/v1.47/containers/json");
    assertEquals(1, running.size());
    JsonNode row = running.get(0);
    assertEquals(up, row.get("Id").asText());
    assertEquals("[\"/up\"]", row.get("Names").toString());
    assertEquals("busybox", row.get("Image").asText());
    assertEquals(api.imageId, row.get("ImageID").asText());
    assertEquals("sh -c sleep 30", row.get("Command").asText());
    assertEquals("running", row.get("State").asText());
    assertTrue(row.get("Status").asText().startsWith("Up "), row.toString());
    assertEquals("bridge", row.at("/HostConfig/NetworkMode").asText());
    assertEquals("[]", row.get("Ports").toString());

    JsonNode all = api.json("GET", "/v1.47/containers/json?all=1&size=1");
    assertEquals(3, all.size());
    assertEquals("Created", all.get(0).get("Status").asText());
    assertTrue(all.get(1).get("Status").asText().matches("Exited \\(3\\) .* ago"), all.get(1).toString());
    assertTrue(all.get(1).has("SizeRw") && all.get(1).get("SizeRootFs").asLong() > 0);
    assertEquals(done, only(api, "{\"status\":[\"exited\"]}"));
    assertEquals(done, only(api, "{\"exited\":[\"3\"]}"));
    assertEquals(up, only(api, "{\"name\":[\"^/up$\"]}"));
    assertEquals(done, only(api, "{\"id\":[\"" + done.substring(0, 8) + "\"],\"status\":[\"exited\",\"running\"]}"));
    assertEquals(3, filtered(api, "{\"ancestor\":[\"busybox\"]}").size());
    assertEquals(1, filtered(api, "{\"label\":[\"tier=web\"]}").size());
    assertEquals(1, api.json("GET", "/v1.47/containers/json?limit=1").size());
    assertEquals(400, api.call("GET", "/v1.47/containers/json?filters=" + encode("{\"colour\":[\"red\"]}")).status);

    JsonNode pruned = api.json("POST", "/v1.47/containers/prune");
    assertEquals(2, pruned.get("ContainersDeleted").size());
    assertEquals(1, api.json("GET", "/v1.47/containers/json?all=1").size());
  }

  @Test
  void logsAreMultiplexedAndSelectable() throws Exception {
    api.run("talker", "echo one; echo two >&2; echo three");
    api.json("POST", "/v1.47/containers/talker/wait");
    CapturedResponse both = api.call("GET", "/v1.47/containers/talker/logs?stdout=1&stderr=1");
    assertEquals(200, both.status);
    assertEquals("application/vnd.docker.multiplexed-stream", both.header("Content-Type"));
    byte[] bytes = both.bytes.toByteArray();
    assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 4}, Arrays.copyOf(bytes, 8));
    assertEquals("one\n", new String(bytes, 8, 4, StandardCharsets.UTF_8));
    assertEquals(3 * 8 + "one\ntwo\nthree\n".length(), bytes.length);
    assertEquals(2, api.call("GET", "/v1.47/containers/talker/logs?stderr=1").bytes.toByteArray()[0]);
    String last = api.call("GET", "/v1.47/containers/talker/logs?stdout=1&tail=1&timestamps=1").text();
    assertTrue(last.substring(8).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z three\n"), last);
    assertEquals(400, api.call("GET", "/v1.47/containers/talker/logs").status);
  }

  private static String only(ContainerApi api, String filters) throws Exception {
    JsonNode rows = filtered(api, filters);
    assertEquals(1, rows.size(), rows.toString());
    return rows.get(0).get("Id").asText();
  }

  private static JsonNode filtered(ContainerApi api, String filters) throws Exception {
    return api.json("GET", "/v1.47/containers/json?all=1&filters=" + encode(filters));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
