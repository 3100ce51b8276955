package io.lifeboat.engine;

import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;

/**
 * A task's answer that cannot be carried out, refused by a task listener on completion; the task stays open. A form
 * field validation failure to the engine, so {@code /engine-rest} and Tasklist answer it with 400 and the message
 * (once {@link CandidatesOnly} has unwrapped it from the listener's wrapper).
 */
public class RefusedAnswer extends FormFieldValidationException {

    /** @param field the form field whose answer is refused, named in {@code message} */
    public RefusedAnswer(String field, String message) {
        super(field, message);
    }
}
