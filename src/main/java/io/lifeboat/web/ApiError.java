package io.lifeboat.web;

/** The body of every refused API request: a short error and a detail naming what was wrong. */
public record ApiError(String error, String detail) {
}
