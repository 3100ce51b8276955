package io.lifeboat.catalog;

/** Grandfather-father-son counts; the catalog may omit any of them. */
public record Retention(int daily, int weekly, int monthly) {

    public static final Retention DEFAULT = new Retention(30, 26, 24);
}
