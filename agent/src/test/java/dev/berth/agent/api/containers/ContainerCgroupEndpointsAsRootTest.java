package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.api.CapturedResponse;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.runtime.ContainerCgroupFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Pause, unpause, top, stats and update through the router on real runc containers: dockerd's shapes and errors. */
@Tag("root")
class ContainerCgroupEndpointsAsRootTest extends EndpointsOnAgentTest {
  @Test
  void pauseAndUnpauseAnswerWithDockerdsStatusesAndWords() throws Exception {
    String id = api.run("cold", "sleep 1000");
    assertEquals(204, api.call("POST", "/v1.47/containers/cold/pause").status);
    JsonNode state = api.json("GET", "/v1.47/containers/cold/json").get("State");
    assertEquals("paused", state.get("Status").asText());
    assertTrue(state.get("Paused").asBoolean() && state.get("Running").asBoolean());
    assertEquals("paused", api.json("GET", "/v1.47/containers/json").get(0).get("State").asText());
    assertError(409, "Container " + id + " is already paused", api.call("POST", "/v1.47/containers/cold/pause"));
    assertError(409, "cannot start a paused container, try unpause instead",
        api.call("POST", "/v1.47/containers/cold/start"));
    assertEquals(204, api.call("POST", "/v1.47/containers/cold/unpause").status);
    assertError(500, "Container " + id + " is not paused", api.call("POST", "/v1.47/containers/cold/unpause"));
    assertEquals(204, api.call("POST", "/v1.47/containers/cold/kill").status);
    api.json("POST", "/v1.47/containers/cold/wait");
    assertError(409, "Container " + id + " is not running", api.call("POST", "/v1.47/containers/cold/pause"));
    assertError(404, "No such container: nope", api.call("POST", "/v1.47/containers/nope/pause"));
  }

  @Test
  void killingAPausedContainerWithAStopSignalOfItsOwnThawsItOnlyForThatSignal() throws Exception {
    String id = api.create("quiet", "{\"Image\":\"busybox\",\"StopSignal\":\"SIGUSR1\",\"Cmd\":[\"sh\",\"-c\","
        + "\"trap 'exit 3' USR1; trap 'echo hup' HUP; while true; do sleep 0.1; done\"]}");
    assertEquals(204, api.call("POST", "/v1.47/containers/" + id + "/start").status);
    ContainerCgroupFiles cgroup = new ContainerCgroupFiles(api.settings.cgroupParent(), id);
    api.call("POST", "/v1.47/containers/quiet/pause");
    assertEquals(204, api.call("POST", "/v1.47/containers/quiet/kill?signal=HUP").status);
    assertTrue(cgroup.frozen(), "another signal waits for the unpause");
    assertEquals("paused", api.json("GET", "/v1.47/containers/quiet/json").at("/State/Status").asText());
    assertEquals(204, api.call("POST", "/v1.47/containers/quiet/kill?signal=10").status);
    assertEquals("{\"StatusCode\":3,\"Error\":null}", api.json("POST", "/v1.47/containers/quiet/wait").toString());
  }

  @Test
  void topFiltersPsByTheContainersCgroup() throws Exception {
    api.run("lister", "sleep 1001 & sleep 1002; wait");
    JsonNode top = api.json("GET", "/v1.47/containers/lister/top?ps_args=" + "-o%20pid,args");
    assertEquals("[\"PID\",\"COMMAND\"]", top.get("Titles").toString());
    List<String> commands = new ArrayList<>();
    top.get("Processes").forEach(row -> commands.add(row.get(1).asText()));
    assertEquals(List.of("sh -c sleep 1001 & sleep 1002; wait", "sleep 1001", "sleep 1002"), commands);
    assertEquals("UID", api.json("GET", "/v1.47/containers/lister/top").get("Titles").get(0).asText());
    assertError(400, "specifying \"user=PID\" is not allowed",
        api.call("GET", "/v1.47/containers/lister/top?ps_args=-o%20user=PID"));
    assertTrue(api.call("GET", "/v1.47/containers/lister/top?ps_args=--bogus").json().get("message").asText()
        .startsWith("ps: "));
    api.call("POST", "/v1.47/containers/lister/kill");
    api.json("POST", "/v1.47/containers/lister/wait");
    assertEquals(409, api.call("GET", "/v1.47/containers/lister/top").status);
  }

  @Test
  void statsAreDockerdsJsonFromTheCgroup() throws Exception {
    String id = api.create("counted", "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\",\"while true; do :; done\"],"
        + "\"HostConfig\":{\"Memory\":33554432,\"PidsLimit\":50}}");
    JsonNode stopped = api.json("GET", "/v1.47/containers/counted/stats?stream=0");
    assertEquals(zeroed(id, "counted").toString(), stopped.toString());
    api.call("POST", "/v1.47/containers/counted/start");

    JsonNode once = api.json("GET", "/v1.47/containers/counted/stats?stream=0&one-shot=1");
    List<String> fields = new ArrayList<>();
    once.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("read", "preread", "pids_stats", "blkio_stats", "num_procs", "storage_stats", "cpu_stats",
        "precpu_stats", "memory_stats", "name", "id"), fields);
    assertEquals("0001-01-01T00:00:00Z", once.get("preread").asText());
    assertEquals("/counted", once.get("name").asText());
    assertEquals(1, once.at("/pids_stats/current").asLong());
    assertEquals(50, once.at("/pids_stats/limit").asLong());
    assertEquals(33554432, once.at("/memory_stats/limit").asLong());
    assertTrue(once.at("/memory_stats/usage").asLong() > 0);
    assertTrue(once.at("/memory_stats/stats").size() > 10);
    assertTrue(once.at("/cpu_stats/online_cpus").asInt() > 0);
    assertEquals(0, once.at("/precpu_stats/cpu_usage/total_usage").asLong());

    JsonNode primed = api.json("GET", "/v1.47/containers/counted/stats?stream=false");
    long busy = primed.at("/cpu_stats/cpu_usage/total_usage").asLong()
        - primed.at("/precpu_stats/cpu_usage/total_usage").asLong();
    long host = primed.at("/cpu_stats/system_cpu_usage").asLong() - primed.at("/precpu_stats/system_cpu_usage").asLong();
    // A busy loop runs for the second between the two readings; on a loaded machine it gets less than a CPU.
    assertTrue(busy > 50_000_000L && host > busy, "a busy loop used CPU during the second: " + busy + " of " + host);
    assertFalse(primed.get("preread").asText().startsWith("0001"));
    assertError(400, "cannot have stream=true and one-shot=true",
        api.call("GET", "/v1.47/containers/counted/stats?one-shot=1"));

    List<JsonNode> frames = stream("/v1.47/containers/counted/stats", 2);
    assertEquals(2, frames.size());
    assertEquals(frames.get(0).get("read").asText(), frames.get(1).get("preread").asText());
    assertEquals(frames.get(0).get("cpu_stats"), frames.get(1).get("precpu_stats"));
  }

  @Test
  void updateChecksFirstThenChangesTheLiveCgroupAndKeepsTheLimits() throws Exception {
    String id = api.create("tuned", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"],\"HostConfig\":"
        + "{\"Memory\":33554432,\"AutoRemove\":true}}");
    ContainerCgroupFiles cgroup = new ContainerCgroupFiles(api.settings.cgroupParent(), id);
    assertError(400, "Minimum memory limit allowed is 6MB", update("tuned", "{\"Memory\":1048576}"));
    assertError(400, "Minimum memoryswap limit should be larger than memory limit, see usage",
        update("tuned", "{\"Memory\":67108864,\"MemorySwap\":33554432}"));
    assertError(400, "Conflicting options: Nano CPUs and CPU Quota cannot both be set",
        update("tuned", "{\"NanoCpus\":500000000,\"CpuQuota\":50000}"));
    assertError(400, "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)",
        update("tuned", "{\"CpuPeriod\":10}"));
    int cpus = Runtime.getRuntime().availableProcessors();
    assertError(400, "Range of CPUs is from 0.01 to " + cpus + ".00, as there are only " + cpus + " CPUs available",
        update("tuned", "{\"NanoCpus\":" + (cpus + 1) * 1_000_000_000L + "}"));
    assertEquals(400, update("tuned", "{\"RestartPolicy\":{\"Name\":\"sometimes\"}}").status);
    assertError(400, "CpusetCpus cannot be updated: Berth does not support it yet",
        update("tuned", "{\"CpusetCpus\":\"0\"}"));
    assertError(409, "Cannot update container " + id + ": Restart policy cannot be updated because AutoRemove is"
        + " enabled for the container", update("tuned", "{\"RestartPolicy\":{\"Name\":\"always\"}}"));
    assertError(404, "No such container: nope", update("nope", "{\"Memory\":67108864}"));
    assertEquals(Long.toString(32L << 20), cgroup.memoryLimit(), "created: runc made its cgroup, untouched so far");

    CapturedResponse updated = update("tuned", "{\"Memory\":67108864,\"MemorySwap\":134217728,\"CpuQuota\":20000,"
        + "\"CpuPeriod\":50000,\"PidsLimit\":20,\"CpuShares\":512}");
    assertEquals(200, updated.status, updated.text());
    assertEquals("{\"Warnings\":[]}", updated.text());
    assertEquals(Long.toString(64L << 20), cgroup.memoryLimit(), "a created container is updated in place");
    assertEquals(204, api.call("POST", "/v1.47/containers/tuned/start").status);
    assertEquals(Long.toString(64L << 20), cgroup.memoryLimit());
    assertEquals("20000 50000", cgroup.cpuMax());
    JsonNode host = api.json("GET", "/v1.47/containers/tuned/json").get("HostConfig");
    assertEquals(64L << 20, host.get("Memory").asLong());
    assertEquals(128L << 20, host.get("MemorySwap").asLong());
    assertEquals(20000, host.get("CpuQuota").asLong());
    assertEquals(50000, host.get("CpuPeriod").asLong());
    assertEquals(512, host.get("CpuShares").asLong());
    assertEquals(20, host.get("PidsLimit").asLong());
    assertError(409, "Cannot update container " + id + ": Conflicting options: Nano CPUs cannot be updated as CPU"
        + " Period has already been set", update("tuned", "{\"NanoCpus\":500000000}"));

    assertEquals(200, update("tuned", "{\"PidsLimit\":-1,\"RestartPolicy\":{\"Name\":\"no\"}}").status);
    assertTrue(api.json("GET", "/v1.47/containers/tuned/json").at("/HostConfig/PidsLimit").isNull());
    assertEquals(204, api.call("POST", "/v1.47/containers/tuned/pause").status);
    assertEquals(200, update("tuned", "{\"Memory\":100663296}").status);
    assertEquals(Long.toString(96L << 20), cgroup.memoryLimit(), "a paused container is updated too");
    assertTrue(cgroup.frozen(), "and stays paused");
  }

  private CapturedResponse update(String name, String body) throws IOException {
    return api.call("POST", "/v1.47/containers/" + name + "/update", body);
  }

  // Reads frames of a stats stream, then goes away as a client does.
  private List<JsonNode> stream(String path, int wanted) throws IOException {
    List<JsonNode> frames = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    int[] status = {0};
    DockerResponse client = new DockerResponse() {
      @Override
      public void head(int code, Map<String, List<String>> headers) {
        status[0] = code;
      }

      @Override
      public OutputStream body() {
        return new OutputStream() {
          private final ByteArrayOutputStream line = new ByteArrayOutputStream();

          @Override
          public void write(int b) throws IOException {
            if (frames.size() == wanted) {
              throw new IOException("the client went away");
            }
            if (b == '\n') {
              frames.add(json.readTree(line.toByteArray()));
              line.reset();
            } else {
              line.write(b);
            }
          }
        };
      }
    };
    api.agent.dockerApi().handle(new DockerRequest("GET", path, Map.of(), InputStream.nullInputStream()), client);
    assertEquals(200, status[0]);
    return frames;
  }

  private static JsonNode zeroed(String id, String name) throws IOException {
    String cpu = "{\"cpu_usage\":{\"total_usage\":0,\"usage_in_kernelmode\":0,\"usage_in_usermode\":0},"
        + "\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,\"throttled_time\":0}}";
    return new ObjectMapper().readTree("{\"read\":\"0001-01-01T00:00:00Z\",\"preread\":\"0001-01-01T00:00:00Z\","
        + "\"pids_stats\":{},\"blkio_stats\":{\"io_service_bytes_recursive\":null,\"io_serviced_recursive\":null,"
        + "\"io_queue_recursive\":null,\"io_service_time_recursive\":null,\"io_wait_time_recursive\":null,"
        + "\"io_merged_recursive\":null,\"io_time_recursive\":null,\"sectors_recursive\":null},\"num_procs\":0,"
        + "\"storage_stats\":{},\"cpu_stats\":" + cpu + ",\"precpu_stats\":" + cpu + ",\"memory_stats\":{},"
        + "\"name\":\"/" + name + "\",\"id\":\"" + id + "\"}");
  }

  private static void assertError(int status, String message, CapturedResponse response) throws IOException {
    assertEquals(status, response.status, response.text());
    assertEquals(message, response.json().get("message").asText());
  }
}
