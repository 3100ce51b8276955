package io.lifeboat.incident;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;

import io.lifeboat.engine.RefusedAnswer;

import static io.lifeboat.incident.PostMortemRunbook.Variables.ACTION_ITEMS;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ACTION_ITEMS_TEXT;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ACTION_ITEM_COUNT;

/**
 * Completing the blameless review: turns the form's action item lines into the items the runbook tracks. A malformed
 * line, or an owner who is neither a user nor a group, refuses the completion, so the reviewer sees which line or
 * owner is wrong and the task stays open.
 */
public class PostMortemReviewCompletion implements TaskListener {

    @Override
    public void notify(DelegateTask task) {
        List<PostMortemActionItems.Item> items;
        try {
            items = PostMortemActionItems.parse(ACTION_ITEMS_TEXT.optionalFrom(task).orElse(null));
        } catch (IllegalArgumentException malformed) {
            throw new RefusedAnswer(ACTION_ITEMS_TEXT.name(), malformed.getMessage());
        }
        ActionItemOwners.requireKnown(task, items);
        ACTION_ITEMS.set(task, PostMortemActionItems.toJson(items));
        ACTION_ITEM_COUNT.set(task, items.size());
    }
}
