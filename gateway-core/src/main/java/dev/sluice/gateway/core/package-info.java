/** Value types shared by every Sluice module: token, intents, shard, session and the error type. */
package dev.sluice.gateway.core;
