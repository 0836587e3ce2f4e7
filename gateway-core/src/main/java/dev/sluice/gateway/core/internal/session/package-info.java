/** The pure per-connection session state machine: inputs in, next state and actions out. */
package dev.sluice.gateway.core.internal.session;
