package io.reelstream.trainer.io;

/**
 * Input the trainer cannot use: a missing directory, an unknown layout, a bad line. The message
 * names what failed, where (file:line) and what to change; the CLI prints it as one line and
 * exits with code 2.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
