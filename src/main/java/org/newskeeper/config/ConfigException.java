package org.newskeeper.config;

/** A configuration file that is missing, malformed or holds a bad value; the message names file and position. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
