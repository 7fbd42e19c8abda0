package io.github.clustermaster.control;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.Nulls;
import org.jspecify.annotations.Nullable;

/**
 * A command to the cluster, from any surface: the Actuator endpoint (relayed by a worker
 * over IPC), the REPL or a signal. Each command checks its own values when it is built,
 * so a command that exists is valid; {@link ClusterCommandExecutor} runs it.
 * <p>
 * On the IPC channel a command is a JSON object whose {@code operation} names its type,
 * e.g. {@code {"operation":"resize","size":4}}.
 *
 * @author cluster-master
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "operation")
@JsonSubTypes({ @JsonSubTypes.Type(value = ClusterCommand.Status.class, name = "status"),
		@JsonSubTypes.Type(value = ClusterCommand.Resize.class, name = "resize"),
		@JsonSubTypes.Type(value = ClusterCommand.ResizeBy.class, name = "resize-by"),
		@JsonSubTypes.Type(value = ClusterCommand.Restart.class, name = "restart"),
		@JsonSubTypes.Type(value = ClusterCommand.Quit.class, name = "quit"),
		@JsonSubTypes.Type(value = ClusterCommand.Upgrade.class, name = "upgrade") })
public sealed interface ClusterCommand {

	/**
	 * The operation's name, as the endpoint, the REPL and the IPC channel spell it.
	 * @return the name
	 */
	@JsonIgnore
	String operation();

	/**
	 * Read the cluster's status.
	 */
	record Status() implements ClusterCommand {

		@Override
		public String operation() {
			return "status";
		}

	}

	/**
	 * Set the number of workers: spawn the missing ones, or stop the newest gracefully.
	 * A resize up that would not fit in the memory the master sees is refused unless it is
	 * forced.
	 *
	 * @param size the number of workers, from 0 to {@link #MAX_SIZE}
	 * @param force whether to resize even beyond the master's {@link ResizeLimit}
	 */
	record Resize(int size,
			@JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonSetter(nulls = Nulls.AS_EMPTY) boolean force)
			implements ClusterCommand {

		/**
		 * The largest pool any surface accepts: the supervisor's
		 * {@link io.github.clustermaster.supervisor.SupervisorSettings#MAX_SIZE}.
		 */
		public static final int MAX_SIZE = io.github.clustermaster.supervisor.SupervisorSettings.MAX_SIZE;

		/** What a size must be, for the error messages of every surface. */
		public static final String EXPECTED = "size must be a whole number from 0 to " + MAX_SIZE;

		/**
		 * Create the command.
		 * @param size the number of workers
		 * @throws IllegalArgumentException if the size is out of range
		 */
		public Resize {
			if (size < 0 || size > MAX_SIZE) {
				throw new IllegalArgumentException(EXPECTED + ", was " + size);
			}
		}

		/**
		 * Create a resize that the master's {@link ResizeLimit} may refuse.
		 * @param size the number of workers
		 * @throws IllegalArgumentException if the size is out of range
		 */
		public Resize(int size) {
			this(size, false);
		}

		@Override
		public String operation() {
			return "resize";
		}

	}

	/**
	 * Add workers to the pool, or remove some, relative to its size when the supervisor
	 * handles the command (as gunicorn's TTIN: two in a row add two), never below 0. As
	 * for {@link Resize}, a resize up that would not fit in the memory the master sees is
	 * refused unless it is forced.
	 *
	 * @param delta how many workers to add, negative to remove, not 0
	 * @param force whether to resize even beyond the master's {@link ResizeLimit}
	 */
	record ResizeBy(int delta,
			@JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonSetter(nulls = Nulls.AS_EMPTY) boolean force)
			implements ClusterCommand {

		/**
		 * Create the command.
		 * @param delta how many workers to add or remove
		 * @param force whether to resize even beyond the master's limit
		 * @throws IllegalArgumentException if the delta is 0 or beyond the largest size
		 */
		public ResizeBy {
			if (delta == 0 || Math.abs(delta) > Resize.MAX_SIZE) {
				throw new IllegalArgumentException("delta must be a whole number from -" + Resize.MAX_SIZE + " to "
						+ Resize.MAX_SIZE + " other than 0, was " + delta);
			}
		}

		/**
		 * A relative resize that the master's {@link ResizeLimit} may refuse.
		 * @param delta how many workers to add, negative to remove
		 * @return the command
		 */
		public static ResizeBy by(int delta) {
			return new ResizeBy(delta, false);
		}

		@Override
		public String operation() {
			return "resize";
		}

	}

	/**
	 * Replace every worker, the first alone, then up to max-surge at once.
	 *
	 * @param env the environment of the new workers instead of the current one, or
	 * {@code null} to keep it
	 * @param awaitOutcome whether a relayed request is answered with the outcome (done, or aborted
	 * and rolled back) instead of as soon as the restart has started; the worker that
	 * relays it is then replaced last, after it answered
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Restart(@Nullable Map<String, String> env,
			@JsonSetter(nulls = Nulls.AS_EMPTY) boolean awaitOutcome) implements ClusterCommand {

		/**
		 * Create the command.
		 * @param env the new workers' environment, or {@code null}
		 * @param awaitOutcome whether a relayed request is answered with the outcome
		 * @throws IllegalArgumentException if a variable's name is not one a process can
		 * have
		 */
		public Restart {
			if (env != null) {
				Map<String, String> copy = new LinkedHashMap<>();
				env.forEach((name, value) -> {
					if (name == null || name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
						throw new IllegalArgumentException("env has an invalid variable name "
								+ ((name != null) ? "\"" + name + "\"" : "null"));
					}
					if (value == null || value.indexOf('\0') >= 0) {
						throw new IllegalArgumentException("env." + name + " must be a text without NUL characters");
					}
					copy.put(name, value);
				});
				env = java.util.Collections.unmodifiableMap(copy);
			}
		}

		/**
		 * A restart answered as soon as it has started.
		 * @param env the new workers' environment, or {@code null}
		 * @throws IllegalArgumentException if a variable's name is not one a process can
		 * have
		 */
		public Restart(@Nullable Map<String, String> env) {
			this(env, false);
		}

		@Override
		public String operation() {
			return "restart";
		}

	}

	/**
	 * Stop every worker, then the master.
	 *
	 * @param hard whether to kill the workers instead of stopping them gracefully
	 */
	record Quit(boolean hard) implements ClusterCommand {

		@Override
		public String operation() {
			return "quit";
		}

	}

	/**
	 * Replace the master itself: start a new master from the deploy path (a new jar, JDK
	 * or starter version), hand it the listening socket, and, once it has {@code size}
	 * ready workers, stop this master's workers gracefully and exit. A new master that
	 * fails to get ready is stopped and this master serves on, unchanged.
	 *
	 * @param java the java executable of the new master, or {@code null} for the one this
	 * master was started as, looked up again (so a {@code java} on the {@code PATH} or a
	 * symbolic link pointed at a new JDK starts the new master on it)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Upgrade(@Nullable String java) implements ClusterCommand {

		/**
		 * Create the command.
		 * @param java the new master's java executable, or {@code null}
		 * @throws IllegalArgumentException if the java is blank or holds a NUL character
		 */
		public Upgrade {
			if (java != null && (java.isBlank() || java.indexOf('\0') >= 0)) {
				throw new IllegalArgumentException(
						"java must name a java executable, for example /opt/jdk-21/bin/java, or be left out");
			}
		}

		/**
		 * An upgrade that starts the new master with the java this one was started as.
		 */
		public Upgrade() {
			this(null);
		}

		@Override
		public String operation() {
			return "upgrade";
		}

	}

}
