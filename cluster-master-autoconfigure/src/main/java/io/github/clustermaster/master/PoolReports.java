package io.github.clustermaster.master;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

import io.github.clustermaster.ipc.Frame;
import io.github.clustermaster.pool.PerProcessState;
import io.github.clustermaster.pool.PoolSecret;
import io.github.clustermaster.pool.PoolWarning;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What the workers report about the application's state, said once for the pool: each
 * kind of per-process state is logged once by the master (not once per worker), kept for
 * {@code GET /actuator/cluster} and the REPL's {@code cluster}, and only while the pool
 * may have more than one worker (with {@code size} 1 there is nothing to share; a later
 * resize or autoscaling above 1 logs them then). Boot's generated password, the pool's, is
 * logged once, when the first worker reports that its user took it. Reports arrive on the
 * workers' IPC threads.
 *
 * @author cluster-master
 */
public final class PoolReports {

	private static final Log logger = LogFactory.getLog(PoolReports.class);

	private final PoolSecret secret;

	private final Set<String> silenced;

	private final IntSupplier size;

	/** The first warning of each kind, in the order they came. */
	private final Map<String, PoolWarning> warnings = new LinkedHashMap<>();

	private final Set<String> logged = new HashSet<>();

	private boolean passwordLogged;

	/**
	 * Create the reports.
	 * @param secret the pool's secret, from which the generated password comes
	 * @param silenced the kinds of warning that {@code cluster.master.warnings.*} turned off
	 * @param size the pool's wanted size now
	 */
	PoolReports(PoolSecret secret, Set<String> silenced, IntSupplier size) {
		this.secret = secret;
		this.silenced = Set.copyOf(silenced);
		this.size = size;
	}

	/**
	 * A worker's report.
	 * @param worker the worker's id
	 * @param report what it found
	 */
	synchronized void reported(int worker, Frame.Report report) {
		for (PoolWarning warning : report.warnings()) {
			if (!this.silenced.contains(warning.kind())) {
				this.warnings.putIfAbsent(warning.kind(), warning);
			}
		}
		String user = report.generatedPasswordUser();
		if (user != null && !this.passwordLogged) {
			this.passwordLogged = true;
			logger.warn(String.format("%n%nUsing generated security password: %s%n%nIt is the pool's: generated once "
					+ "by this master for user '%s' of every worker (first reported by worker %d), it stays the same "
					+ "across respawns and rolling restarts, and a master upgrade hands it on. This generated password "
					+ "is for development use only. Your security configuration must be updated before running your "
					+ "application in production.%n", this.secret.userPassword(), user, worker));
		}
		logPending(this.size.getAsInt());
	}

	/**
	 * The warnings to show for a pool of a size; those not logged yet are logged now.
	 * @param size the pool's wanted size
	 * @return the warnings, one per kind, none while the size is 1 or less
	 */
	public synchronized List<PoolWarning> warnings(int size) {
		logPending(size);
		return (size > 1) ? List.copyOf(this.warnings.values()) : List.of();
	}

	/**
	 * The kinds of warning that {@code cluster.master.warnings.*} turned off.
	 * @param warnings the properties
	 * @return the kinds' names
	 */
	static Set<String> silenced(ClusterMasterProperties.Warnings warnings) {
		Set<String> silenced = new HashSet<>();
		if (!warnings.isInMemoryDatabase()) {
			silenced.add(PerProcessState.IN_MEMORY_DATABASE.kind());
		}
		if (!warnings.isSimpleBroker()) {
			silenced.add(PerProcessState.SIMPLE_BROKER.kind());
		}
		if (!warnings.isLocalCache()) {
			silenced.add(PerProcessState.LOCAL_CACHE.kind());
		}
		return silenced;
	}

	private void logPending(int size) {
		if (size <= 1) {
			return;
		}
		this.warnings.forEach((kind, warning) -> {
			if (this.logged.add(kind)) {
				logger.warn(warning.message());
			}
		});
	}

}
