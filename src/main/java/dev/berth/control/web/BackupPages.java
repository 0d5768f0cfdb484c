package dev.berth.control.web;

import dev.berth.control.api.QueryValues;
import dev.berth.control.backup.BackupService;
import dev.berth.control.backup.BackupView;
import dev.berth.control.backup.schedule.BackupSchedules;
import dev.berth.control.fleet.Host;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The Backups page: the catalog (filtered by host and volume; download, delete, restore onto a
 * host as a new volume or over an existing one) and the schedules (list, create, delete). The
 * page's buttons call {@code /api/v1/backups} from {@code static/backups.js}.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class BackupPages {
  @Inject Template backups;
  @Inject BackupService service;
  @Inject BackupSchedules schedules;
  @Inject SecurityIdentity identity;

  /** The catalog, newest first, and the schedules. */
  @GET
  @Path("backups")
  @Transactional(Transactional.TxType.NEVER)
  public TemplateInstance list(@QueryParam("host") String host, @QueryParam("volume") String volume) {
    String hostFilter = QueryValues.given(host);
    String volumeFilter = QueryValues.given(volume);
    return backups.data("user", identity.getPrincipal().getName())
        .data("backups", service.list(hostFilter, volumeFilter, null, null).stream().map(BackupView::of).toList())
        .data("schedules", schedules.list())
        .data("hosts", io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
            .call(() -> Host.<Host>listAll().stream().map(h -> h.name).sorted().toList()))
        .data("hostFilter", hostFilter == null ? "" : hostFilter)
        .data("volumeFilter", volumeFilter == null ? "" : volumeFilter);
  }
}
