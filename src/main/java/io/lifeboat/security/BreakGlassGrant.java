package io.lifeboat.security;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One break-glass grant: {@code user} acts as a commander from {@code grantedAt} until the grant ends, by expiry
 * (the sweeper, soon after {@code expiresAt}) or early by a commander.
 *
 * @param endedAt         null while the grant is active
 * @param endReason       {@code expired} or who ended it early; null while active
 * @param membershipAdded whether the grant made the user a member of {@code commanders}; a user who already was one
 *                        keeps the membership when the grant ends
 */
public record BreakGlassGrant(
        String id,
        String user,
        String grantedBy,
        String reason,
        Instant grantedAt,
        Instant expiresAt,
        Instant endedAt,
        String endReason,
        boolean membershipAdded) {

    /** The audit trail's subject for everything about this grant. */
    public String subject() {
        return "break-glass/" + id;
    }

    /** Active until ended, also past {@code expiresAt}: until the sweeper ends it, the membership is still there. */
    @JsonProperty
    public boolean active() {
        return endedAt == null;
    }
}
