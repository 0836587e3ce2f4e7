/**
 * The bot of docs/getting-started.md: logs its guilds, sets a presence, answers {@code !hello} and
 * stops on SIGTERM. The getting-started page is built from these files (and tested as a project of
 * its own), so keep them self-contained.
 */
package dev.sluice.samples.first;
