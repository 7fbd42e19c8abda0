/**
 * How the master launches workers: {@link io.github.clustermaster.master.launch.ProcessWorkerLauncher}
 * (a worker's process, its environment, its release and class-data archive),
 * {@link io.github.clustermaster.master.launch.MasterReleases} (the releases of a
 * {@code -jar} launch) and {@link io.github.clustermaster.master.launch.MasterJar}. Free of
 * the rest of {@code master}: the master's configuration hands it the command and the
 * settings. The command line itself, {@code master.WorkerCommandLine}, stays in
 * {@code master}: it is public API, the argument of a {@code WorkerCommandLineCustomizer}.
 */
@NullMarked
package io.github.clustermaster.master.launch;

import org.jspecify.annotations.NullMarked;
