package io.lifeboat.incident;

import org.camunda.spin.json.SpinJsonNode;

import static org.camunda.spin.Spin.JSON;

/**
 * The options of a Camunda Forms select, as the variable its {@code valuesKey} names holds them: a Json array of
 * {@code {label, value}}, which Tasklist hands to the form as the JSON it is.
 */
final class SelectOptions {

    private final SpinJsonNode options = JSON("[]");

    SelectOptions add(String label, String value) {
        options.append(JSON("{}").prop("label", label).prop("value", value));
        return this;
    }

    SpinJsonNode json() {
        return options;
    }
}
