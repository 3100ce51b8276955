package io.lifeboat.incident;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;

import io.lifeboat.incident.PostMortemActionItems.Item;

import static io.lifeboat.incident.PostMortemRunbook.Variables.ACTION_ITEM;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ACTION_ITEMS;
import static io.lifeboat.incident.PostMortemRunbook.Variables.DEFERRAL_REASON;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ITEM_DUE;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ITEM_STATUS;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ITEM_TEXT;
import static io.lifeboat.incident.PostMortemRunbook.Variables.LOOP_COUNTER;

/**
 * One action item's task. On create: gives its form the item's text and due date, and declares the answer's
 * variables on the item's own execution (completing a task sets variables on its execution hierarchy), so each owner's answer stays with that item instead of landing on the process where
 * parallel items would overwrite each other. On complete: refuses anything but done, or deferred with a reason (so the
 * post-mortem closes only with every item answered) and records the answer in the item's element of the item list.
 */
public class PostMortemActionItemTask implements TaskListener {

    @Override
    public void notify(DelegateTask task) {
        Item item = PostMortemActionItems.item(ACTION_ITEM.from(task));
        if (EVENTNAME_CREATE.equals(task.getEventName())) {
            DelegateExecution itemScope = task.getExecution();
            itemScope.setVariableLocal(ITEM_TEXT.name(), item.text());
            itemScope.setVariableLocal(ITEM_DUE.name(), item.due().toString());
            itemScope.setVariableLocal(ITEM_STATUS.name(), null);
            itemScope.setVariableLocal(DEFERRAL_REASON.name(), null);
            return;
        }
        Item answered = PostMortemActionItems.answer(item, ITEM_STATUS.optionalFrom(task).orElse(null),
                DEFERRAL_REASON.optionalFrom(task).orElse(null));
        List<Item> items = new ArrayList<>(PostMortemActionItems.fromJson(ACTION_ITEMS.from(task)));
        items.set(LOOP_COUNTER.from(task), answered);
        ACTION_ITEMS.set(task, PostMortemActionItems.toJson(items));
    }
}
