/**
 * Simulation campaigns: parallel, reproducible (one random stream per simulation index),
 * fault-tolerant (failures and timeouts recorded, not fatal) and resumable (durable shards).
 * Host side only: not exported to plugins.
 */
package org.orrery.campaign;
