/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * A rejected or failed container migration request, with a {@link Reason} that maps to
 * an HTTP status for the REST endpoint.
 *
 * <p>Over Hadoop RPC only the class name and the text of the exception travel: the server
 * sends {@code toString()} minus the class name, followed by its stack trace, and YARN's
 * {@code RPCUtil} rebuilds this class on the client through the public {@code (String)}
 * constructor. So {@link #toString()} writes the reason as a {@code [REASON] } prefix and
 * the {@code (String)} constructor reads it back and drops the remote stack trace: the
 * client gets the same class, reason and message as the server threw.
 */
@Public
@Unstable
public class ContainerMigrationException extends YarnException {

  private static final long serialVersionUID = 1L;

  /** Why a request failed; each maps to one HTTP status. */
  public enum Reason {
    /** Malformed request: bad id, missing field, unsupported strategy, wrong node. */
    INVALID_REQUEST(400),
    /** Caller may not migrate this container or read this migration. */
    ACCESS_DENIED(403),
    /** Unknown container, node or migration id. */
    NOT_FOUND(404),
    /** Conflicts with the current state: container not RUNNING, migration in flight. */
    CONFLICT(409),
    /** The migration itself failed, or an unexpected server error. */
    INTERNAL(500);

    private final int httpStatus;

    Reason(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** The HTTP status the REST endpoint answers with. */
    public int getHttpStatus() {
      return httpStatus;
    }
  }

  /** Start of the remote stack trace that Hadoop RPC appends to the message. */
  private static final String REMOTE_TRACE_START = "\n\tat ";

  private final Reason reason;
  /** The failed step as fields, when a step of a running migration failed; else null. */
  private final MigrationFailure failure;

  public ContainerMigrationException(Reason reason, String message) {
    super(message); // the cause stays unset: RPC's unwrapping sets it later (initCause)
    this.reason = reason == null ? Reason.INTERNAL : reason;
    this.failure = null;
  }

  public ContainerMigrationException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason == null ? Reason.INTERNAL : reason;
    this.failure = null;
  }

  /** A step that failed: the message is the failure's, its fields stay readable. */
  public ContainerMigrationException(Reason reason, MigrationFailure failure,
      Throwable cause) {
    super(failure.getMessage());
    if (cause != null) {
      initCause(cause);
    }
    this.reason = reason == null ? Reason.INTERNAL : reason;
    this.failure = failure;
  }

  /**
   * Rebuilds the exception from its wire text ({@code "[REASON] message"}, optionally
   * followed by a remote stack trace). Used by YARN's RPCUtil on the client; text without
   * a known reason prefix gives {@link Reason#INTERNAL} and the text as message.
   */
  public ContainerMigrationException(String wireText) {
    this(parseReason(wireText), parseMessage(wireText));
  }

  public Reason getReason() {
    return reason;
  }

  /**
   * The failed step as fields (step, container, migration, node, cause), or null: a
   * rejection, or an exception rebuilt from RPC text (only the message crosses RPC).
   */
  public MigrationFailure getFailure() {
    return failure;
  }

  /** {@code <class>: [REASON] <message>}, the form that crosses Hadoop RPC. */
  @Override
  public String toString() {
    return getClass().getName() + ": [" + reason.name() + "] " + getLocalizedMessage();
  }

  /** The given text up to a remote stack trace appended by Hadoop RPC, if any. */
  public static String stripRemoteStackTrace(String text) {
    if (text == null) {
      return null;
    }
    int at = text.indexOf(REMOTE_TRACE_START);
    return at < 0 ? text : text.substring(0, at);
  }

  private static Reason parseReason(String wireText) {
    String text = stripRemoteStackTrace(wireText);
    if (text != null && text.startsWith("[")) {
      int end = text.indexOf("] ");
      if (end > 1) {
        try {
          return Reason.valueOf(text.substring(1, end));
        } catch (IllegalArgumentException notAReason) {
          return Reason.INTERNAL;
        }
      }
    }
    return Reason.INTERNAL;
  }

  private static String parseMessage(String wireText) {
    String text = stripRemoteStackTrace(wireText);
    if (text != null && text.startsWith("[")) {
      int end = text.indexOf("] ");
      if (end > 1) {
        try {
          Reason.valueOf(text.substring(1, end));
          return text.substring(end + 2);
        } catch (IllegalArgumentException notAReason) {
          return text;
        }
      }
    }
    return text;
  }
}
