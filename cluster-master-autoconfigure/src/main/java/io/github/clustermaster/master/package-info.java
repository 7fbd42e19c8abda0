/**
 * The master: its configuration properties, the context it runs instead of the
 * application, the worker command line, signals, and the shared listening socket. Its
 * memory budget is in {@code master.memory}, which sees none of this package.
 */
@NullMarked
package io.github.clustermaster.master;

import org.jspecify.annotations.NullMarked;
