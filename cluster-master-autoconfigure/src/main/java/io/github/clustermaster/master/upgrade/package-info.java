/**
 * The master upgrade: a new master started by the old one takes over its listening socket
 * and its pool without dropping a request.
 * {@link io.github.clustermaster.master.upgrade.MasterUpgrader} (the old master's side:
 * starts the new master, waits for its workers, hands over and quits),
 * {@link io.github.clustermaster.master.upgrade.MasterTakeover} (the new master's side),
 * {@link io.github.clustermaster.master.upgrade.UpgradeEnvironment} (the variables between
 * the two, which no worker inherits) and
 * {@link io.github.clustermaster.master.upgrade.MasterUpgradeEvent}, which the application,
 * the REPL, the pid file and the session store listen to. Free of the rest of
 * {@code master} and of the shared port: the master's configuration hands it the command
 * line of a new master and the socket to pass on.
 */
@NullMarked
package io.github.clustermaster.master.upgrade;

import org.jspecify.annotations.NullMarked;
