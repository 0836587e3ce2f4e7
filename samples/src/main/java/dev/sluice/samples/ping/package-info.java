/**
 * The ping bot: answers {@code !ping} with {@code pong}; with no token it plays a scripted demo.
 */
package dev.sluice.samples.ping;
