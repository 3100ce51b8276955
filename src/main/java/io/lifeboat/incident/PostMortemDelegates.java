package io.lifeboat.incident;

import java.util.List;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lifeboat.incident.PostMortemActionItems.Item;

import static io.lifeboat.incident.PostMortemRunbook.Variables.ACTION_ITEMS;
import static io.lifeboat.incident.PostMortemRunbook.Variables.DRAFT;
import static io.lifeboat.incident.PostMortemRunbook.Variables.INCIDENT_ID;
import static io.lifeboat.incident.PostMortemRunbook.Variables.OWNER_GROUP;
import static io.lifeboat.incident.PostMortemRunbook.Variables.REVIEW_DUE_AT;
import static io.lifeboat.incident.PostMortemRunbook.Variables.SERVICE_ID;
import static io.lifeboat.incident.PostMortemRunbook.Variables.SUMMARY;

/**
 * The {@code post-mortem} runbook's delegates, by the bean names its diagram uses. The action item listeners need no
 * Spring beans and are named by class in the diagram ({@link PostMortemReviewCompletion},
 * {@link PostMortemActionItemCompletion}).
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

    @Bean
    JavaDelegate sendReviewReminder(PostMortemService postMortems) {
        return execution -> postMortems.remindReviewers(INCIDENT_ID.from(execution), SERVICE_ID.from(execution),
                OWNER_GROUP.from(execution), REVIEW_DUE_AT.from(execution).toInstant());
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
            postMortems.close(INCIDENT_ID.from(execution), SERVICE_ID.from(execution), SUMMARY.optionalFrom(execution).orElse(null), items);
        };
    }
}
