package dev.berth.control.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.control.job.Job;
import dev.berth.control.job.JobService;
import dev.berth.control.job.JobState;
import dev.berth.control.support.Admin;
import dev.berth.link.message.JobProgress;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A backup job left running by this replica before it restarted is failed at start, not left
 * "running" until its deadline; another replica's is left alone.
 */
@QuarkusTest
class InterruptedBackupsTest {
  private static final String HOST = "interrupted-backups";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject JobService jobs;
  @Inject InterruptedBackups interrupted;
  @ConfigProperty(name = "berth.replica") String replica;

  @Test
  void thisReplicasRunningBackupsFailAtStartOthersRunOn() {
    RestAssured.given().contentType(ContentType.JSON)
        .body("{\"name\":\"" + HOST + "\",\"token\":\"" + Admin.joinToken() + "\"}")
        .post("/api/v1/enroll").then().statusCode(201);
    Job mine = runningBackup(replica);
    Job queued = jobs.create(new JobService.NewJob(HOST, BackupService.KIND, params(replica), null), "test");
    Job theirs = runningBackup("another-replica");

    assertEquals(2, interrupted.failAll());

    Job failed = jobs.find(mine.id).orElseThrow();
    assertEquals(JobState.FAILED, failed.state);
    assertEquals(InterruptedBackups.ERROR, failed.error);
    assertEquals(JobState.FAILED, jobs.find(queued.id).orElseThrow().state);
    assertEquals(JobState.RUNNING, jobs.find(theirs.id).orElseThrow().state);
    assertEquals(0, interrupted.failAll());
    jobs.cancel(theirs.id);
  }

  // A backup job as a replica's runner leaves it when the replica stops: running, archive half streamed.
  private Job runningBackup(String runner) {
    Job job = jobs.create(new JobService.NewJob(HOST, BackupService.KIND, params(runner), null), "test");
    jobs.progress(job.host.id, new JobProgress(job.id.toString(), "backing up data (live)", 0));
    assertEquals(JobState.RUNNING, jobs.find(job.id).orElseThrow().state);
    return job;
  }

  private static ObjectNode params(String runner) {
    return JSON.createObjectNode().put("volume", "data").put("mode", "live").put(JobService.RUNNER, runner);
  }
}
