package io.lifeboat.web;

/** The body of every error answer of {@code /api}: a short kind ({@code "not found"}) and what exactly was wrong. */
public record ApiError(String error, String detail) {
}
