package io.reelstream.trainer.config;

import io.reelstream.trainer.io.BadInputException;

/** A bad configuration value: names the key, its source (file, env var or flag) and what is allowed. */
public class ConfigException extends BadInputException {
    public ConfigException(String message) {
        super(message);
    }
}
