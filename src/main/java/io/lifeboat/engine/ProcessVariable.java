package io.lifeboat.engine;

import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.VariableMap;

/**
 * A process variable with its name and type in one place, so delegates, services and tests never repeat the
 * string or cast by hand (the pattern of camunda-bpm-data, without the library).
 */
public final class ProcessVariable<T> {

    private final String name;
    private final Class<T> type;

    private ProcessVariable(String name, Class<T> type) {
        this.name = name;
        this.type = type;
    }

    public static <T> ProcessVariable<T> of(String name, Class<T> type) {
        return new ProcessVariable<>(name, type);
    }

    public String name() {
        return name;
    }

    /** @throws IllegalStateException naming the variable when it is missing */
    public T from(VariableScope scope) {
        return optionalFrom(scope).orElseThrow(() -> new IllegalStateException("process variable '" + name + "' is not set"));
    }

    public Optional<T> optionalFrom(VariableScope scope) {
        return Optional.ofNullable(type.cast(scope.getVariable(name)));
    }

    public Optional<T> optionalFrom(Map<String, Object> variables) {
        return Optional.ofNullable(type.cast(variables.get(name)));
    }

    public void set(VariableScope scope, T value) {
        scope.setVariable(name, value);
    }

    /** Removes it where it is set, e.g. a form's answer from an earlier round, so the next round's form starts empty. */
    public void remove(VariableScope scope) {
        scope.removeVariable(name);
    }

    /** Adds this variable to a map being built, for starting instances and completing tasks. */
    public VariableMap put(VariableMap variables, T value) {
        return variables.putValue(name, value);
    }
}
