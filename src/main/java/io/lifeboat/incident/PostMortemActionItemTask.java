package io.lifeboat.incident;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;

import io.lifeboat.db.Sql;
import io.lifeboat.engine.RefusedAnswer;
import io.lifeboat.incident.PostMortemActionItems.Item;

import static io.lifeboat.incident.PostMortemRunbook.Variables.ACTION_ITEM;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ACTION_ITEMS;
import static io.lifeboat.incident.PostMortemRunbook.Variables.DEFERRAL_REASON;
import static io.lifeboat.incident.PostMortemRunbook.Variables.INCIDENT_ID;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ITEM_DUE;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ITEM_STATUS;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ITEM_TEXT;
import static io.lifeboat.incident.PostMortemRunbook.Variables.LOOP_COUNTER;
import static io.lifeboat.incident.PostMortemRunbook.Variables.SERVICE_ID;

/**
 * One action item's task. On create: names it after the incident and the item, gives it to its owner (assigned to a
 * user, offered to a group's members), gives its form the item's text and due date, and declares the answer's
 * variables on the item's own execution (completing a task sets variables on its execution hierarchy), so each
 * owner's answer stays with that item instead of landing on the process where parallel items would overwrite each
 * other. On complete: refuses anything but done, or deferred with a reason (so the post-mortem closes only with every
 * item answered) and records the answer in the item's element of the item list.
 */
public class PostMortemActionItemTask implements TaskListener {

    /** How much of the item's text the task's name carries. */
    private static final int NAME_TEXT_LENGTH = 60;

    @Override
    public void notify(DelegateTask task) {
        Item item = PostMortemActionItems.item(ACTION_ITEM.from(task));
        if (EVENTNAME_CREATE.equals(task.getEventName())) {
            task.setName(IncidentTaskName.of(task.getName(), INCIDENT_ID.from(task), SERVICE_ID.from(task), null)
                    + ": " + Sql.fit(item.text(), NAME_TEXT_LENGTH));
            ActionItemOwners.giveTo(task, item.owner());
            DelegateExecution itemScope = task.getExecution();
            itemScope.setVariableLocal(ITEM_TEXT.name(), item.text());
            itemScope.setVariableLocal(ITEM_DUE.name(), item.due().toString());
            itemScope.setVariableLocal(ITEM_STATUS.name(), null);
            itemScope.setVariableLocal(DEFERRAL_REASON.name(), null);
            return;
        }
        Item answered;
        try {
            answered = PostMortemActionItems.answer(item, ITEM_STATUS.optionalFrom(task).orElse(null),
                    DEFERRAL_REASON.optionalFrom(task).orElse(null));
        } catch (IllegalArgumentException refused) {
            throw new RefusedAnswer(ITEM_STATUS.name(), refused.getMessage());
        }
        List<Item> items = new ArrayList<>(PostMortemActionItems.fromJson(ACTION_ITEMS.from(task)));
        items.set(LOOP_COUNTER.from(task), answered);
        ACTION_ITEMS.set(task, PostMortemActionItems.toJson(items));
    }
}
