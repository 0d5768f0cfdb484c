package dev.berth.control.web;

import dev.berth.control.api.QueryValues;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.fleet.Enrollment;
import dev.berth.control.fleet.EnrollmentResource;
import dev.berth.control.fleet.Host;
import dev.berth.control.fleet.HostSelector;
import dev.berth.control.fleet.HostStats;
import dev.berth.control.fleet.HostView;
import dev.berth.control.inventory.ContainerInventory;
import dev.berth.control.inventory.NetworkInventory;
import dev.berth.control.job.JobService;
import dev.berth.control.job.JobState;
import dev.berth.control.job.JobView;
import dev.berth.control.security.Authorization;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The dashboard's pages and the fragments they refresh live. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class DashboardPages {
  @Inject Template fleet;
  @Inject Template host;
  @Inject Template jobs;
  @Inject JobService jobService;
  @Inject FleetGlance glance;
  @Inject Enrollment enrollment;
  @Inject HostStats hostStats;
  @Inject ContainerInventory containerInventory;
  @Inject NetworkInventory networkInventory;
  @Inject HostAddresses addresses;
  @Inject SecurityIdentity identity;
  @Inject RoutingContext http;

  /** The fleet at a glance. */
  @GET
  @Transactional
  public TemplateInstance overview(@QueryParam("selector") String selector) {
    return glance(page(fleet), selector).data("selector", selector == null ? "" : selector).data("joinCommand", null);
  }

  /** Creates a one-time join token and shows, once, the one line that enrolls a new host with it (admins). */
  @POST
  @Path("hosts/join-token")
  @Transactional
  public TemplateInstance joinCommand() {
    String controlPlane = http.request().scheme() + "://" + http.request().authority();
    Enrollment.IssuedJoinToken issued = enrollment.createJoinToken(identity.getPrincipal().getName(),
        EnrollmentResource.DEFAULT_TTL, controlPlane);
    return overview(null).data("joinCommand", issued.command());
  }

  /** The host table, refreshed when a host changes. */
  @GET
  @Path("fragments/hosts")
  @Transactional
  public TemplateInstance hostRows(@QueryParam("selector") String selector) {
    return glance(fleet.getFragment("hosts").instance(), selector);
  }

  /** One host: its facts, its containers and networks (updating live), how to run one and how to reach its Docker API. */
  @GET
  @Path("hosts/{name}")
  @Transactional
  public TemplateInstance hostPage(@PathParam("name") String name) {
    Host found = Host.findByName(name).orElseThrow(() -> ApiProblem.notFound("no such host: " + name));
    ContainerInventory.Newest containers = containerInventory.newest(found.name, ContainerPages.HOST_PAGE_ROWS);
    return load(page(host), found)
        .data("containers", containers.containers())
        .data("containerCount", containers.total())
        .data("addresses", addresses.byName())
        .data("networks", networkInventory.list(found.name, null, null))
        .data("self", "/hosts/" + found.name).data("hostId", found.id.toString())
        .data("controlUrl", "tcp://" + http.request().authority() + "/docker/" + found.name)
        .data("recentJobs", recentJobs(found.name, null));
  }

  /** A host's load card, refreshed on each of its load reports. */
  @GET
  @Path("hosts/{name}/load")
  @Transactional
  public TemplateInstance hostLoad(@PathParam("name") String name) {
    Host found = Host.findByName(name).orElseThrow(() -> ApiProblem.notFound("no such host: " + name));
    return load(host.getFragment("load").instance(), found).data("hostId", found.id.toString());
  }

  /** Jobs, newest first, with their states updating live. */
  @GET
  @Path("jobs")
  public TemplateInstance jobList(@QueryParam("host") String hostName, @QueryParam("state") String state) {
    return page(jobs).data("jobs", recentJobs(QueryValues.given(hostName), QueryValues.given(state)))
        .data("hostFilter", hostName == null ? "" : hostName).data("stateFilter", state == null ? "" : state)
        .data("states", List.of(JobState.values()).stream().map(JobState::wireName).toList());
  }

  /** The job table, refreshed when a job changes. */
  @GET
  @Path("fragments/jobs")
  public TemplateInstance jobRows(@QueryParam("host") String hostName, @QueryParam("state") String state) {
    return jobs.getFragment("rows").data("jobs", recentJobs(QueryValues.given(hostName), QueryValues.given(state)));
  }

  /** Cancels a job from the jobs page. */
  @POST
  @Path("jobs/{id}/cancel")
  public Response cancel(@PathParam("id") UUID id) {
    jobService.cancel(id);
    return Response.seeOther(URI.create("/jobs")).build();
  }

  private TemplateInstance page(Template template) {
    return template.data("user", identity.getPrincipal().getName());
  }

  private TemplateInstance glance(TemplateInstance page, String selector) {
    List<FleetGlance.HostRow> hosts = Authorization.readable(identity, glance.hosts(selector), row -> row.host().name());
    return page.data("hosts", hosts).data("alerts", glance.alerts(hosts));
  }

  private TemplateInstance load(TemplateInstance page, Host found) {
    return page.data("host", HostView.of(found)).data("load", HostLoadCharts.of(hostStats.recent(found.id), Instant.now()))
        .data("window", HostStats.WINDOW.toMinutes()).data("width", HostLoadCharts.WIDTH).data("height", HostLoadCharts.HEIGHT);
  }

  private List<JobView> recentJobs(String hostName, String state) {
    JobState wanted = state == null ? null : JobState.fromWireName(state)
        .orElseThrow(() -> ApiProblem.badRequest("unknown state: " + state));
    return jobService.list(new JobService.JobFilter(hostName, wanted, null, 100)).stream().map(JobView::of).toList();
  }
}
