/**
 * The embedded OSGi host of Orrery: Apache Felix with SCR and FileInstall watching drop-in
 * directories, a whiteboard registry of plugin services, and the problems of jars that could not
 * become plugins. Start one with {@link org.orrery.host.OrreryHost#start(HostConfig)}.
 */
package org.orrery.host;
