/**
 * Contract tests that plugin authors extend from their own JUnit 5 test sources.
 *
 * <p>Add {@code orrery-testkit} as a {@code test}-scoped dependency, then write one class per
 * plugin:
 *
 * <pre>{@code
 * class MySimulatorTest extends SimulatorContract {
 *     @Override
 *     protected Simulator simulator() {
 *         return new MySimulator();
 *     }
 * }
 * }</pre>
 *
 * Every check of {@link org.orrery.testkit.SimulatorContract} then runs as a test of that class;
 * add your own science tests (moments against the model's definition, limits, …) beside them.
 * {@link org.orrery.testkit.PriorContract} does the same for a stand-alone prior.
 */
package org.orrery.testkit;
