package io.lifeboat.backup;

import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.lifeboat.backup.BackupRunbook.Blackout;
import io.lifeboat.catalog.BlackoutWindow;
import io.lifeboat.catalog.ServiceDefinition;

/**
 * What a blackout window means for a backup: a scheduled one waits for the window's end, an emergency one proceeds
 * (and says so in the audit), anything else asked for by a person is refused with the window named.
 */
@Component
public class BlackoutPolicy {

    public Decision decide(ServiceDefinition service, BackupTrigger trigger, Instant now) {
        Optional<BlackoutWindow> window = service.backupPolicy().blackoutWindows().stream()
                .filter(candidate -> candidate.contains(now))
                .findFirst();
        if (window.isEmpty()) {
            return new Decision(Blackout.NONE, null, null, null);
        }
        BlackoutWindow active = window.get();
        Instant endsAt = active.endOfWindowContaining(now);
        return switch (trigger) {
            case SCHEDULE -> new Decision(Blackout.WAIT, active, endsAt, null);
            case EMERGENCY -> new Decision(Blackout.OVERRIDE, active, endsAt, null);
            default -> new Decision(Blackout.REFUSE, active, endsAt, service.id() + " is in blackout window " + active
                    + " until " + endsAt + "; " + trigger.value() + " backups are refused, emergency backups may proceed");
        };
    }

    /** @param refusal the message a refused requester sees, else null */
    public record Decision(Blackout action, BlackoutWindow window, Instant endsAt, String refusal) {
    }
}
