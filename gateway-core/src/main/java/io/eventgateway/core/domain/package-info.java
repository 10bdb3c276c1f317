/**
 * The gateway's domain: events (CloudEvents), streams and their classes, durability, and positions
 * in a stream's log. Values are immutable records or enums; nothing here knows of Kafka or gRPC.
 */
package io.eventgateway.core.domain;
