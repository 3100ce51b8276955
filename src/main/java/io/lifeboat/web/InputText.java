package io.lifeboat.web;

import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * How refusals speak of what a caller sent: at most {@value #MAX_QUOTED} characters of it, and the kinds of values
 * a field takes in words, never Java class names.
 */
public final class InputText {

    static final int MAX_QUOTED = 200;

    private InputText() {
    }

    /** The caller's input in quotes, cut after {@value #MAX_QUOTED} characters. */
    public static String quote(Object input) {
        String text = String.valueOf(input);
        return "'" + (text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…") + "'";
    }

    /** What a value of this type is, in words. */
    public static String kind(Class<?> type) {
        if (type == null) {
            return "a value";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (Duration.class.isAssignableFrom(type)) {
            return "an ISO-8601 duration";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.") ? "an object" : "a value";
    }
}
