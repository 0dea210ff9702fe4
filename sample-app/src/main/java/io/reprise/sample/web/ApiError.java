package io.reprise.sample.web;

/** The body of every 4xx answer. */
public record ApiError(String error) {
}
