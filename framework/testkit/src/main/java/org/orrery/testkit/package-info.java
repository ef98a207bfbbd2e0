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
 *
 * <p>{@link org.orrery.testkit.BundleMetadata} reads what bnd wrote into {@code target/classes}
 * (manifest headers, DS component descriptors), so a bundle's own test can check that it imports
 * only what the host exports, exports nothing, and registers each component under the
 * {@code orrery.id} its {@code id()} returns:
 *
 * <pre>{@code
 * BundleMetadata md = BundleMetadata.ofBuildOutput(Path.of("target", "classes"));
 * md.assertImportsOnly("org.orrery.*", "org.apache.commons.rng.*", "org.apache.commons.math3.*");
 * md.componentIds().forEach((cls, id) -> assertEquals(id, newInstance(cls).id(), cls));
 * }</pre>
 */
package org.orrery.testkit;
