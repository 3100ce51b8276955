package io.lifeboat.incident;

import java.util.List;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lifeboat.engine.Decider;
import io.lifeboat.incident.PostMortemActionItems.Item;

import static io.lifeboat.incident.PostMortemRunbook.Variables.ACTION_ITEM;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ACTION_ITEMS;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ACTION_ITEMS_TEXT;
import static io.lifeboat.incident.PostMortemRunbook.Variables.DEFERRAL_REASON;
import static io.lifeboat.incident.PostMortemRunbook.Variables.DRAFT;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ESCALATION_NOTE;
import static io.lifeboat.incident.PostMortemRunbook.Variables.INCIDENT_ID;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ITEM_STATUS;
import static io.lifeboat.incident.PostMortemRunbook.Variables.OWNER_GROUP;
import static io.lifeboat.incident.PostMortemRunbook.Variables.REVIEWED_BY;
import static io.lifeboat.incident.PostMortemRunbook.Variables.REVIEW_DUE_AT;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ROOT_CAUSE;
import static io.lifeboat.incident.PostMortemRunbook.Variables.SERVICE_ID;
import static io.lifeboat.incident.PostMortemRunbook.Variables.SUMMARY;

/**
 * The {@code post-mortem} runbook's delegates and decision listener, by the bean names its diagram uses. The action
 * item listeners need no Spring beans and are named by class in the diagram ({@link PostMortemReviewCompletion},
 * {@link PostMortemActionItemTask}).
 */
@Configuration(proxyBeanMethods = false)
public class PostMortemDelegates {

    @Bean
    JavaDelegate draftPostMortem(PostMortemService postMortems) {
        return execution -> {
            PostMortemService.Draft draft = postMortems.draft(INCIDENT_ID.from(execution), SERVICE_ID.from(execution));
            DRAFT.set(execution, draft.markdown());
            OWNER_GROUP.set(execution, draft.ownerGroup());
        };
    }

    /** The reminder as far as Lifeboat can give one without notification connectors: on record, and sorted up. */
    @Bean
    JavaDelegate recordReviewReminder(PostMortemService postMortems) {
        return execution -> {
            postMortems.remindReviewers(INCIDENT_ID.from(execution), SERVICE_ID.from(execution), OWNER_GROUP.from(execution),
                    REVIEW_DUE_AT.from(execution).toInstant());
            TaskService taskService = execution.getProcessEngineServices().getTaskService();
            for (Task review : taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
                    .taskDefinitionKey(PostMortemRunbook.Element.BlamelessReview.id()).list()) {
                taskService.setPriority(review.getId(), PostMortemRunbook.REMINDED_PRIORITY);
            }
        };
    }

    @Bean
    JavaDelegate recordOverdueReview(PostMortemService postMortems) {
        return execution -> postMortems.recordOverdueReview(INCIDENT_ID.from(execution), SERVICE_ID.from(execution),
                OWNER_GROUP.from(execution), REVIEW_DUE_AT.from(execution).toInstant());
    }

    @Bean
    JavaDelegate closePostMortem(PostMortemService postMortems) {
        return execution -> {
            List<Item> items = ACTION_ITEMS.optionalFrom(execution).map(PostMortemActionItems::fromJson).orElse(List.of());
            postMortems.close(INCIDENT_ID.from(execution), SERVICE_ID.from(execution), REVIEWED_BY.from(execution),
                    SUMMARY.optionalFrom(execution).orElse(null), items);
        };
    }

    /**
     * The review, each action item's answer and the answer to an escalation are decisions under the name of the user
     * the engine authenticated: on the incident's timeline and in the audit trail, with what they wrote.
     */
    @Bean
    TaskListener recordPostMortemDecision(PostMortemService postMortems) {
        return task -> {
            String decider = Decider.of(task);
            String incidentId = INCIDENT_ID.from(task);
            String serviceId = SERVICE_ID.from(task);
            switch (PostMortemRunbook.Element.valueOf(task.getTaskDefinitionKey())) {
                case BlamelessReview -> {
                    REVIEWED_BY.set(task, decider);
                    postMortems.recordReview(incidentId, serviceId, decider, SUMMARY.optionalFrom(task).orElse(null),
                            ROOT_CAUSE.optionalFrom(task).orElse(null), ACTION_ITEMS_TEXT.optionalFrom(task).orElse(null));
                }
                case TrackActionItem -> postMortems.recordActionItemAnswer(incidentId, serviceId, decider,
                        PostMortemActionItems.answer(PostMortemActionItems.item(ACTION_ITEM.from(task)),
                                ITEM_STATUS.optionalFrom(task).orElse(null), DEFERRAL_REASON.optionalFrom(task).orElse(null)));
                case EscalateOverdueReview -> postMortems.recordEscalation(incidentId, serviceId, decider,
                        ESCALATION_NOTE.optionalFrom(task).orElse(null));
                default -> throw new IllegalStateException(task.getTaskDefinitionKey() + " is not a decision of the post-mortem runbook");
            }
        };
    }
}
