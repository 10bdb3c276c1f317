/**
 * Application services: implementations of the inbound ports, written against the outbound ports
 * only. They hold no I/O of their own; threading and ordering are as documented on the ports.
 */
package io.eventgateway.core.application;
