/** Internals shared with sibling Sluice modules only (exported to them, not to users). */
package dev.sluice.gateway.core.internal;
