/**
 * Outbound ports: what the application needs from the outside world (a durable log, storage
 * provisioning), named by role. Adapters implement them; the core never names a technology.
 */
package io.eventgateway.core.port.out;
