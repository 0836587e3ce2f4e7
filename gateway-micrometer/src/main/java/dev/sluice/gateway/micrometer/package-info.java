/** Micrometer meters for gateway clients: {@link dev.sluice.gateway.micrometer.SluiceMetrics}. */
package dev.sluice.gateway.micrometer;
