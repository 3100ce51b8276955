package io.lifeboat.security;

import org.springframework.http.HttpStatus;

import io.lifeboat.web.ApiRefusal;

/** Why a break-glass grant or its early end was refused; the message names what was wrong. */
public final class BreakGlassRefusal extends ApiRefusal {

    private BreakGlassRefusal(HttpStatus status, String error, String detail) {
        super(status, error, detail);
    }

    static BreakGlassRefusal unknownUser(String user) {
        return new BreakGlassRefusal(HttpStatus.NOT_FOUND, "not found", "there is no Camunda user '" + user + "'");
    }

    static BreakGlassRefusal selfGrant(String user) {
        return new BreakGlassRefusal(HttpStatus.BAD_REQUEST, "invalid request", "'" + user
                + "' cannot grant break-glass to themself: a commander holds the role already, and an emergency "
                + "role always needs a second person");
    }

    static BreakGlassRefusal grantorActsOnBreakGlass(String grantor) {
        return new BreakGlassRefusal(HttpStatus.FORBIDDEN, "forbidden", "'" + grantor
                + "' is a commander only through break-glass and cannot grant break-glass to others");
    }

    static BreakGlassRefusal alreadyActive(BreakGlassGrant active) {
        return new BreakGlassRefusal(HttpStatus.CONFLICT, "grant active", "'" + active.user()
                + "' already holds break-glass grant " + active.id() + " until " + active.expiresAt()
                + "; end it first to grant a new one");
    }

    static BreakGlassRefusal grantedConcurrently(String user) {
        return new BreakGlassRefusal(HttpStatus.CONFLICT, "grant active",
                "another break-glass grant to '" + user + "' was made at the same moment");
    }

    static BreakGlassRefusal unknownGrant(String id) {
        return new BreakGlassRefusal(HttpStatus.NOT_FOUND, "not found", "there is no break-glass grant '" + id + "'");
    }

    static BreakGlassRefusal alreadyEnded(BreakGlassGrant grant) {
        String how = grant.endedAt() == null ? "" : " at " + grant.endedAt() + " (" + grant.endReason() + ")";
        return new BreakGlassRefusal(HttpStatus.CONFLICT, "grant ended",
                "break-glass grant " + grant.id() + " has ended already" + how);
    }
}
