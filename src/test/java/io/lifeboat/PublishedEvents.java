package io.lifeboat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Lifeboat's own application events as a connector's listener would see them: published in a transaction that
 * committed (a step retried after a rollback counts once), in order. {@code @Import} it into a full-stack test.
 */
@TestComponent
public class PublishedEvents {

    private final List<Object> events = new CopyOnWriteArrayList<>();

    @TransactionalEventListener(fallbackExecution = true)
    void published(Object event) {
        if (event.getClass().getPackageName().startsWith("io.lifeboat")) {
            events.add(event);
        }
    }

    /** Those of this type published so far, oldest first. */
    public <T> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
