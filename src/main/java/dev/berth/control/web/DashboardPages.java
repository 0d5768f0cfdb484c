package dev.berth.control.web;

import dev.berth.control.api.QueryValues;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.fleet.Host;
import dev.berth.control.fleet.HostView;
import dev.berth.control.inventory.ContainerFilter;
import dev.berth.control.inventory.ContainerInventory;
import dev.berth.control.inventory.ContainerView;
import dev.berth.control.inventory.NetworkInventory;
import dev.berth.control.job.JobService;
import dev.berth.control.job.JobState;
import dev.berth.control.job.JobView;
import dev.berth.control.security.Authorization;
import io.quarkus.panache.common.Sort;
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
  @Inject ContainerInventory containerInventory;
  @Inject NetworkInventory networkInventory;
  @Inject HostAddresses addresses;
  @Inject SecurityIdentity identity;
  @Inject RoutingContext http;

  /** The fleet at a glance. */
  @GET
  @Transactional
  public TemplateInstance overview() {
    return page(fleet).data("hosts", Authorization.readable(identity, hosts(), HostView::name));
  }

  /** The host table, refreshed when a host changes. */
  @GET
  @Path("fragments/hosts")
  @Transactional
  public TemplateInstance hostRows() {
    return fleet.getFragment("hosts").data("hosts", Authorization.readable(identity, hosts(), HostView::name));
  }

  /** One host: its facts, its containers and networks (updating live), how to run one and how to reach its Docker API. */
  @GET
  @Path("hosts/{name}")
  @Transactional
  public TemplateInstance hostPage(@PathParam("name") String name) {
    Host found = Host.findByName(name).orElseThrow(() -> ApiProblem.notFound("no such host: " + name));
    List<ContainerView> containers = containerInventory.list(found.name, ContainerFilter.ALL);
    return page(host).data("host", HostView.of(found))
        .data("containers", containers.subList(0, Math.min(ContainerPages.MOST_ROWS, containers.size())))
        .data("containerCount", containers.size())
        .data("addresses", addresses.byName())
        .data("networks", networkInventory.list(found.name, null, null))
        .data("self", "/hosts/" + found.name).data("hostId", found.id.toString())
        .data("controlUrl", "tcp://" + http.request().authority() + "/docker/" + found.name)
        .data("recentJobs", recentJobs(found.name, null));
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

  private static List<HostView> hosts() {
    return Host.<Host>listAll(Sort.by("name")).stream().map(HostView::of).toList();
  }

  private List<JobView> recentJobs(String hostName, String state) {
    JobState wanted = state == null ? null : JobState.fromWireName(state)
        .orElseThrow(() -> ApiProblem.badRequest("unknown state: " + state));
    return jobService.list(new JobService.JobFilter(hostName, wanted, null, 100)).stream().map(JobView::of).toList();
  }
}
