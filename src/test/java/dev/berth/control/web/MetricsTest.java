package dev.berth.control.web;

import static org.hamcrest.Matchers.containsString;

import dev.berth.control.support.Admin;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Prometheus metrics at /q/metrics carry Berth's own figures, for an authenticated scraper only. */
@QuarkusTest
class MetricsTest {
  @Test
  void exposesConnectedAgentsAndFinishedJobs() {
    String offline = io.restassured.RestAssured.given().contentType("application/json")
        .body("{\"name\":\"metrics-host\",\"token\":\"" + Admin.joinToken() + "\"}")
        .post("/api/v1/enroll").then().statusCode(201).extract().path("name");
    String job = Admin.api().body("{\"host\":\"" + offline + "\",\"kind\":\"echo\"}").post("/api/v1/jobs")
        .then().statusCode(201).extract().path("id");
    Admin.api().post("/api/v1/jobs/" + job + "/cancel").then().statusCode(200);
    Admin.api().get("/q/metrics").then().statusCode(200)
        .body(containsString("berth_agents_connected"))
        .body(containsString("berth_jobs_finished_total{state=\"cancelled\"}"));
  }
}
