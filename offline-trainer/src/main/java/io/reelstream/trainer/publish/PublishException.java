package io.reelstream.trainer.publish;

/** Publishing stopped; the message says what failed, where, and what to check or change. */
public class PublishException extends Exception {
    public PublishException(String message) {
        super(message);
    }

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
