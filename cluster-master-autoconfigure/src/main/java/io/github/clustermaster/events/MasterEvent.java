package io.github.clustermaster.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Something the master did apart from supervising its pool (which the supervisor reports
 * as its own events): it started, its workers share the port, a master upgrade started,
 * handed over or failed, a signal was refused, the REPL listens or lost a client, where
 * scheduled work runs, a message listener failed, a class-data archive was built or went
 * stale. {@link MasterLog} renders each one to the log line the master always logged;
 * {@link MasterEvents} gives them to listeners, for example the event log of
 * {@code cluster.master.event-log}. Named and shaped as the supervisor's events are: a
 * stable kebab-case {@link #event() name} and flat {@link #fields() fields} (documented in
 * {@code docs/events.md}).
 *
 * @author cluster-master
 */
public sealed interface MasterEvent {

	/**
	 * Its stable name, its record's name in kebab case: {@code upgrade-ready} for
	 * {@link UpgradeReady}; {@code docs/events.md} lists every name (checked by a test).
	 * @return the name
	 */
	default String event() {
		return getClass().getSimpleName().replaceAll("(?<!^)(?=[A-Z])", "-").toLowerCase(Locale.ROOT);
	}

	/**
	 * Its fields, in order, without the ones it has no value for: numbers (durations in
	 * milliseconds, named {@code …Ms}), booleans and strings.
	 * @return the fields
	 */
	Map<String, Object> fields();

	/** Fields from names and values; a {@code null} value leaves its name out. */
	private static Map<String, Object> fields(@Nullable Object... namesAndValues) {
		Map<String, Object> fields = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			Object value = namesAndValues[i + 1];
			if (value != null) {
				fields.put(String.valueOf(namesAndValues[i]), value);
			}
		}
		return fields;
	}

	/**
	 * The master starts its workers.
	 *
	 * @param pid the master's pid
	 * @param workers how many workers it starts
	 * @param port how they share the port ({@code shared port *:8080 (…)})
	 */
	record MasterStarting(long pid, int workers, String port) implements MasterEvent {

		@Override
		public Map<String, Object> fields() {
			return MasterEvent.fields("workers", this.workers, "port", this.port);
		}

	}

	/**
	 * The master runs as process 1 of a container without an init process: processes
	 * re-parented to it stay zombies.
	 */
	record MasterPidOne() implements MasterEvent {

		@Override
		public Map<String, Object> fields() {
			return Map.of();
		}

	}

	/**
	 * The workers share the application's port.
	 *
	 * @param address the address ({@code 127.0.0.1:8080}, {@code :8080} on every interface)
	 * @param via how: one listening socket of the master every worker inherits (bound by
	 * the master, passed by systemd or by the master an upgrade replaces), or
	 * {@code SO_REUSEPORT}
	 * @param unboundServerPort {@code server.port} when a socket passed to the master
	 * takes its place, else {@code null}
	 */
	record PortShared(String address, String via, @Nullable String unboundServerPort) implements MasterEvent {

		@Override
		public Map<String, Object> fields() {
			return MasterEvent.fields("address", this.address, "via", this.via, "unboundServerPort",
					this.unboundServerPort);
		}

	}

	/**
	 * A master upgrade started a new master.
	 *
	 * @param pid the new master's pid
	 * @param from what it runs ({@code /srv/app.jar})
	 * @param java the Java it was started with, if the upgrade named one
	 * @param socket whether it was handed the listening socket
	 * @param timeout how long it has to get its workers ready
	 */
	record UpgradeStarted(long pid, String from, @Nullable String java, boolean socket, Duration timeout)
			implements MasterEvent {

		@Override
		public Map<String, Object> fields() {
			return MasterEvent.fields("pid", this.pid, "from", this.from, "java", this.java, "socket", this.socket,
					"timeoutMs", this.timeout.toMillis());
		}

	}

	/**
	 * The new master of an upgrade has its workers ready: this one hands over, drains its
	 * workers and exits.
	 *
	 * @param pid the new master's pid
	 * @param workers its ready workers
	 */
	record UpgradeReady(long pid, int workers) implements MasterEvent {

		@Override
		public Map<String, Object> fields() {
			return MasterEvent.fields("pid", this.pid, "workers", this.workers);
		}

	}

	/**
	 * A master upgrade failed: this master serves on.
	 *
	 * @param pid the new master's pid
	 * @param reason what went wrong ({@code exited with code 1 …})
	 * @param killIn when the new master is still alive: it is stopped now and killed if
	 * still there after this long; else {@code null}
	 */
	record UpgradeFailed(long pid, String reason, @Nullable Duration killIn) implements MasterEvent {

		@Override
		public Map<String, Object> fields() {
			return MasterEvent.fields("pid", this.pid, "reason", this.reason, "killInMs",
					(this.killIn != null) ? this.killIn.toMillis() : null);
		}

	}

	/**
	 * A signal's command was refused.
	 *
	 * @param signal the signal's name without {@code SIG} ({@code TERM})
	 * @param reason why, the command's outcome
	 */
	record SignalRefused(String signal, String reason) implements MasterEvent {

		@Override
		public Map<String, Object> fields() {
			return MasterEvent.fields("signal", this.signal, "reason", this.reason);
		}

	}

	/**
	 * The REPL listens.
	 *
	 * @param address where ({@code unix:/srv/cluster-master.sock (mode 0600)},
	 * {@code tcp:127.0.0.1:7000})
	 * @param socketFile its Unix socket file, or {@code null}
	 */
	record ReplListening(String address, @Nullable String socketFile) implements MasterEvent {

		@Override
		public Map<String, Object> fields() {
			return MasterEvent.fields("address", this.address, "socketFile", this.socketFile);
		}

	}

	/**
	 * A REPL client left in the middle of a line, which was not run.
	 *
	 * @param session the session's number
	 * @param droppedBytes the bytes of the unfinished line
	 */
	record ReplClientLeft(int session, long droppedBytes) implements MasterEvent {

		@Override
		public Map<String, Object> fields() {
			return MasterEvent.fields("session", this.session, "droppedBytes", this.droppedBytes);
		}

	}

	/**
	 * Where the application's scheduled work runs ({@code cluster.master.scheduling}).
	 *
	 * @param oncePerPool whether once per pool, else in every worker
	 * @param scheduling the property's value
	 * @param logger the logger it is logged under: the application's main class, beside
	 * the master's "Started …" line
	 */
	record ScheduledWork(boolean oncePerPool, String scheduling, String logger) implements MasterEvent {

		@Override
		public Map<String, Object> fields() {
			return MasterEvent.fields("oncePerPool", this.oncePerPool, "scheduling", this.scheduling);
		}

	}

	/**
	 * One of the master's message listeners failed on a worker's message; the worker is
	 * answered with the error.
	 *
	 * @param listener the listener's class
	 * @param worker the worker's id
	 * @param pid the worker's pid
	 * @param error what the listener threw
	 */
	record MessageListenerFailed(String listener, int worker, long pid, Throwable error) implements MasterEvent {

		@Override
		public Map<String, Object> fields() {
			return MasterEvent.fields("listener", this.listener, "worker", this.worker, "pid", this.pid, "error",
					this.error.toString());
		}

	}

	/**
	 * A class-data archive was built: later workers of its release boot with it.
	 *
	 * @param mode the kind of archive ({@code CDS}, {@code AOT cache})
	 * @param release the release
	 * @param took how long it took
	 * @param mebibytes its size
	 * @param file the archive
	 */
	record ArchiveBuilt(String mode, String release, Duration took, long mebibytes, String file)
			implements MasterEvent {

		@Override
		public Map<String, Object> fields() {
			return MasterEvent.fields("mode", this.mode, "release", this.release, "tookMs", this.took.toMillis(),
					"mebibytes", this.mebibytes, "file", this.file);
		}

	}

	/**
	 * A class-data archive no longer matches what it was built from: workers start without
	 * it until it is rebuilt.
	 *
	 * @param mode the kind of archive
	 * @param file the archive
	 * @param changed what changed since it was built
	 */
	record ArchiveStale(String mode, String file, String changed) implements MasterEvent {

		@Override
		public Map<String, Object> fields() {
			return MasterEvent.fields("mode", this.mode, "file", this.file, "changed", this.changed);
		}

	}

}
