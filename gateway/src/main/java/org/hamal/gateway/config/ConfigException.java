package org.hamal.gateway.config;

/** The configuration cannot be read or is invalid; the message says which key and why. */
public final class ConfigException extends Exception {

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
