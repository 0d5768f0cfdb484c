package dev.berth.control.web;

import dev.berth.control.security.Authorization;
import dev.berth.control.security.Csrf;
import dev.berth.control.security.Role;
import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateGlobal;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * What every page knows of whoever is signed in: the session's CSRF token (for the meta tag and
 * forms), and whether to show controls that change things. Hiding is a courtesy: the server
 * refuses what the role does not allow ({@link Authorization}) whatever the page shows.
 */
@TemplateGlobal
public final class SignedIn {
  private SignedIn() {}

  /** The session's CSRF token ({@code {csrf}} in templates). */
  public static String csrf() {
    return Csrf.tokenOf(identity());
  }

  /** Whether to show controls that change containers, images, volumes and jobs. */
  public static boolean canManage() {
    return Authorization.roleOf(identity()).map(role -> role.includes(Role.OPERATOR)).orElse(false);
  }

  /** Whether to show the admin's pages (users, audit). */
  public static boolean isAdmin() {
    return Authorization.roleOf(identity()).map(role -> role == Role.ADMIN).orElse(false);
  }

  private static SecurityIdentity identity() {
    var association = Arc.container().instance(CurrentIdentityAssociation.class);
    if (!association.isAvailable() || !Arc.container().requestContext().isActive()) {
      return null;
    }
    return association.get().getIdentity();
  }
}
