package dev.berth.control.web;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import dev.berth.control.security.Authorization;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /search?q=}: the layout's search box. Finds hosts, containers (name, id, image), images
 * (tags, id), volumes and registry repositories whose names contain the words, from the inventory
 * tables in PostgreSQL (no host is asked), each kind capped at {@link #MOST_PER_KIND}.
 */
@Path("/search")
@Produces(MediaType.TEXT_HTML)
public class SearchPage {
  /** The most results shown of each kind. */
  static final int MOST_PER_KIND = 50;

  /** One thing found: what it is, where, its name, a detail, and its page. */
  public record Hit(String kind, String host, String name, String detail, String href) {}

  /** What each kind's query returns, in this order: host, name, detail, id for the page's address. */
  private record Kind(String name, String sql, String href) {}

  private static final List<Kind> KINDS = List.of(
      new Kind("host", "select h.name, h.name, '', h.name from host h where h.name ilike :q order by 1",
          "/hosts/%4$s"),
      new Kind("container", "select h.name, c.name, c.image, c.container_id from host_container c join host h on h.id = c.host_id"
          + " where c.name ilike :q or c.container_id ilike :q or c.image ilike :q order by 2, 1",
          "/hosts/%1$s/containers/%4$s"),
      new Kind("image", "select h.name, coalesce(i.repo_tags ->> 0, '<none>'), i.image_id, i.image_id from host_image i"
          + " join host h on h.id = i.host_id where cast(i.repo_tags as text) ilike :q or i.image_id ilike :q order by 2, 1",
          "/hosts/%1$s/images/%4$s"),
      new Kind("volume", "select h.name, v.name, v.driver, v.name from host_volume v join host h on h.id = v.host_id"
          + " where v.name ilike :q order by 2, 1", "/volumes?host=%1$s"),
      new Kind("repository", "select '', r.name, '', r.name from registry_repository r where r.name ilike :q order by 2",
          "/v2/%2$s/tags/list"));

  @Inject Template search;
  @Inject EntityManager database;
  @Inject SecurityIdentity identity;

  /** Everything whose name contains {@code q} (at least two characters). */
  @GET
  @Transactional
  public TemplateInstance find(@QueryParam("q") String q) {
    String words = q == null ? "" : q.trim();
    List<Hit> hits = new ArrayList<>();
    if (words.length() >= 2) {
      String pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
      for (Kind kind : KINDS) {
        List<?> rows = database.createNativeQuery(kind.sql()).setParameter("q", pattern)
            .setMaxResults(MOST_PER_KIND).getResultList();
        for (Object row : rows) {
          Object[] columns = (Object[]) row;
          String[] values = new String[4];
          for (int i = 0; i < 4; i++) {
            values[i] = columns[i] == null ? "" : columns[i].toString();
          }
          // Repositories belong to no host; everything else only from hosts the caller may read.
          if (values[0].isEmpty() || Authorization.mayRead(identity, values[0])) {
            hits.add(new Hit(kind.name(), values[0], values[1], values[2],
                String.format(kind.href(), encode(values[0]), values[1], values[2], encode(values[3]))));
          }
        }
      }
    }
    return search.data("user", identity.getPrincipal().getName()).data("q", words).data("hits", hits)
        .data("tooShort", !words.isEmpty() && words.length() < 2);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
