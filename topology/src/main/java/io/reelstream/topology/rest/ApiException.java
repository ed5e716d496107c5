package io.reelstream.topology.rest;

/** A request that ends with an HTTP error status and a JSON error body. */
final class ApiException extends RuntimeException {
    private final int status;
    private final String error;

    ApiException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }
}
