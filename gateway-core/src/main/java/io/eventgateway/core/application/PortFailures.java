package io.eventgateway.core.application;

import io.eventgateway.core.port.in.RequestFailure;
import io.eventgateway.core.port.in.RequestFailure.Kind;
import io.eventgateway.core.port.out.ClusterAdminException;
import io.eventgateway.core.port.out.EventSourceException;

/**
 * The outbound ports' failures as the request failures a subscribe or administration request ends
 * with, the port's message kept. (Publishing maps the log's failures itself: they become per-event
 * outcomes, not refusals.) Stateless.
 */
final class PortFailures {
  private PortFailures() {}

  static RequestFailure failure(EventSourceException failed) {
    Kind kind =
        switch (failed.kind()) {
          case OUT_OF_RANGE -> Kind.OUT_OF_RANGE;
          case UNKNOWN_STREAM -> Kind.UNKNOWN_STREAM;
          case UNAVAILABLE -> Kind.UNAVAILABLE;
          case FAILED -> Kind.INTERNAL;
        };
    return RequestFailure.of(kind, failed.getMessage());
  }

  static RequestFailure failure(ClusterAdminException failed) {
    Kind kind =
        switch (failed.kind()) {
          case OUT_OF_RANGE -> Kind.OUT_OF_RANGE;
          case UNKNOWN_STREAM -> Kind.UNKNOWN_STREAM;
          case GROUP_NOT_EMPTY -> Kind.FAILED_PRECONDITION;
          case NAME_COLLISION -> Kind.ALREADY_EXISTS;
          case UNAVAILABLE -> Kind.UNAVAILABLE;
          case FAILED -> Kind.INTERNAL;
        };
    return RequestFailure.of(kind, failed.getMessage());
  }
}
