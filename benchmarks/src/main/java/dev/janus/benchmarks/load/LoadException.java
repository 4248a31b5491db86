package dev.janus.benchmarks.load;

/** A problem the user must fix (bad option, unreachable server, refused request): printed as one line. */
final class LoadException extends RuntimeException {

    LoadException(String message) {
        super(message);
    }
}
