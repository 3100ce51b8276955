package io.lifeboat.incident;

import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;

import io.lifeboat.engine.RefusedAnswer;
import io.lifeboat.incident.PostMortemActionItems.Item;

import static io.lifeboat.incident.PostMortemRunbook.Variables.ACTION_ITEMS_TEXT;

/**
 * Who owns an action item: a Camunda user, whose task it is, or a Camunda group, whose members may answer it. An owner
 * that is neither would get a task nobody can see, so the review naming one is refused.
 */
final class ActionItemOwners {

    enum Kind { USER, GROUP }

    private ActionItemOwners() {
    }

    /** @throws RefusedAnswer naming each owner that is no user or group */
    static void requireKnown(DelegateTask task, List<Item> items) {
        List<String> unknown = items.stream().map(Item::owner).distinct()
                .filter(owner -> kindOf(task, owner).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new RefusedAnswer(ACTION_ITEMS_TEXT.name(), "Action item owner" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown.stream().map(owner -> "'" + owner + "'").toList())
                    + (unknown.size() == 1 ? " is" : " are") + " neither a user nor a group of Lifeboat: name a user id or a group id.");
        }
    }

    /** Assigns the task to a user owner, or offers it to a group owner's members. */
    static void giveTo(DelegateTask task, String owner) {
        if (kindOf(task, owner).orElseThrow(() -> new IllegalStateException("action item owner '" + owner
                + "' is no longer a user or group")) == Kind.USER) {
            task.setAssignee(owner);
        } else {
            task.addCandidateGroup(owner);
        }
    }

    /**
     * Asked without the completing user's authorizations: a reviewer may name owners whose user or group they cannot
     * read in Camunda's admin.
     */
    private static Optional<Kind> kindOf(DelegateTask task, String owner) {
        IdentityService identity = task.getProcessEngineServices().getIdentityService();
        return Context.getCommandContext().runWithoutAuthorization(() -> {
            if (identity.createUserQuery().userId(owner).count() == 1) {
                return Optional.of(Kind.USER);
            }
            return identity.createGroupQuery().groupId(owner).count() == 1 ? Optional.of(Kind.GROUP) : Optional.<Kind>empty();
        });
    }
}
