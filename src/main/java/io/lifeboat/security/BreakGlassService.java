package io.lifeboat.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;

/**
 * Grants a user the commander role for a while and takes it back. The role is a membership of the Camunda group
 * {@code commanders}; authentication reads groups per request, so it counts from the next request on and is gone
 * on the first request after the grant ends. Grant, early end and expiry each change the table, the membership and
 * the audit trail in one transaction.
 */
@Service
public class BreakGlassService {

    static final String EXPIRED = "expired";
    static final String SWEEPER = "system:break-glass";

    private static final Logger LOG = LoggerFactory.getLogger(BreakGlassService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BreakGlassRepository grants;
    private final IdentityService identityService;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public BreakGlassService(BreakGlassRepository grants, IdentityService identityService, AuditTrail audit,
                             TransactionTemplate transaction, Clock clock) {
        this.grants = grants;
        this.identityService = identityService;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Makes {@code user} a commander for {@code duration}.
     *
     * @throws BreakGlassRefusal for a self-grant, an unknown user, a grantor who is a commander only through
     *                           break-glass, or a user who holds an active grant already
     */
    public BreakGlassGrant grant(String user, Duration duration, String reason, String grantedBy) {
        if (user.equals(grantedBy)) {
            throw BreakGlassRefusal.selfGrant(user);
        }
        if (identityService.createUserQuery().userId(user).count() == 0) {
            throw BreakGlassRefusal.unknownUser(user);
        }
        // otherwise two emergency holders could keep each other in the role without a real commander
        if (grants.activeGrantOf(grantedBy).isPresent()) {
            throw BreakGlassRefusal.grantorActsOnBreakGlass(grantedBy);
        }
        // a grant past its expiry that the sweeper has not reached yet must not block (or confuse) the new one
        grants.activeGrantOf(user).filter(this::isDue).ifPresent(this::expire);
        try {
            return transaction.execute(status -> {
                grants.activeGrantOf(user).ifPresent(active -> {
                    throw BreakGlassRefusal.alreadyActive(active);
                });
                boolean alreadyCommander = identityService.createUserQuery()
                        .userId(user).memberOfGroup(Roles.COMMANDERS).count() > 0;
                Instant now = now();
                BreakGlassGrant grant = new BreakGlassGrant(newId(), user, grantedBy, reason, now,
                        now.plus(duration), null, null, !alreadyCommander);
                // the row first: it is the claim that loses to a concurrent grant before any membership changes
                grants.insert(grant);
                if (grant.membershipAdded()) {
                    identityService.createMembership(user, Roles.COMMANDERS);
                }
                audit.append(new AuditRecord(grantedBy, "break-glass.granted", grant.subject(), null, null, reason,
                        user + " acts as a commander until " + grant.expiresAt() + ": " + reason));
                return grant;
            });
        } catch (DuplicateKeyException concurrentGrant) {
            throw BreakGlassRefusal.grantedConcurrently(user);
        }
    }

    /**
     * Ends a grant before its expiry.
     *
     * @throws BreakGlassRefusal for an unknown grant or one that has ended already
     */
    public BreakGlassGrant endEarly(String id, String endedBy) {
        BreakGlassGrant grant = grants.find(id).orElseThrow(() -> BreakGlassRefusal.unknownGrant(id));
        if (!grant.active() || !end(grant, "ended early by " + endedBy, endedBy, "break-glass.ended")) {
            throw BreakGlassRefusal.alreadyEnded(grants.find(id).orElseThrow());
        }
        return grants.find(id).orElseThrow();
    }

    /**
     * Ends every grant whose expiry has come. Safe on several nodes at once: each grant is ended, and its
     * membership removed and audited, by exactly one of them.
     *
     * @return how many grants this call ended
     */
    public int expireDue() {
        int ended = 0;
        for (BreakGlassGrant grant : grants.due(now())) {
            try {
                ended += expire(grant) ? 1 : 0;
            } catch (RuntimeException e) {
                // the others still expire; this one stays due and is tried again at the next sweep
                LOG.error("break-glass grant {} of {} could not be ended", grant.id(), grant.user(), e);
            }
        }
        return ended;
    }

    public List<BreakGlassGrant> all() {
        return grants.all();
    }

    private boolean expire(BreakGlassGrant grant) {
        return end(grant, EXPIRED, SWEEPER, "break-glass.expired");
    }

    /** Only the caller whose update ended the row removes the membership and audits; a loser changes nothing. */
    private boolean end(BreakGlassGrant grant, String endReason, String actor, String action) {
        return Boolean.TRUE.equals(transaction.execute(status -> {
            if (!grants.end(grant.id(), now(), endReason)) {
                return false;
            }
            if (grant.membershipAdded()) {
                identityService.deleteMembership(grant.user(), Roles.COMMANDERS);
            }
            String detail = grant.membershipAdded()
                    ? grant.user() + " is no longer a commander"
                    : grant.user() + " stays a commander, as before the grant";
            audit.append(new AuditRecord(actor, action, grant.subject(), null, null, endReason, detail));
            return true;
        }));
    }

    private boolean isDue(BreakGlassGrant grant) {
        return !grant.expiresAt().isAfter(now());
    }

    private Instant now() {
        // microseconds: what both databases store, so a reread grant equals the one written
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String newId() {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return "bg-" + HexFormat.of().formatHex(random);
    }
}
