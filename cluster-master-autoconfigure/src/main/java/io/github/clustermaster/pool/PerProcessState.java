package io.github.clustermaster.pool;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of the application's state that each worker keeps for itself, which the pool
 * does not share: a worker finds them in its context, the master names each kind once,
 * with the fix, and a property silences it.
 *
 * @author cluster-master
 */
public enum PerProcessState {

	/** An in-memory (embedded) database: H2 {@code mem:}, HSQLDB {@code mem:}, Derby. */
	IN_MEMORY_DATABASE("in-memory-database",
			"Each worker has its own in-memory database (%s): what one worker writes, the others do not read, "
					+ "and generated ids repeat across workers. Use a file or server database every worker opens "
					+ "(H2: jdbc:h2:file:./data/app;AUTO_SERVER=TRUE, or a database server)"),

	/** Spring's simple message broker for STOMP over WebSocket. */
	SIMPLE_BROKER("simple-broker",
			"Spring's simple message broker runs in each worker (%s): a message reaches only the clients "
					+ "connected to the worker that sent it. Use the STOMP broker relay "
					+ "(MessageBrokerRegistry.enableStompBrokerRelay, with RabbitMQ or ActiveMQ)"),

	/** A cache manager that keeps its entries in the worker's heap. */
	LOCAL_CACHE("local-cache",
			"Each worker has its own cache (%s): entries and evictions stay in the worker that made them, so "
					+ "workers can answer with different data. Use a shared cache (e.g. spring.cache.type=redis), "
					+ "or accept per-worker caching of data that may be stale");

	/** The prefix of the properties that silence a kind. */
	public static final String PROPERTY_PREFIX = "cluster.master.warnings.";

	private final String kind;

	private final String sentence;

	PerProcessState(String kind, String sentence) {
		this.kind = kind;
		this.sentence = sentence;
	}

	/**
	 * The kind's name, as in its property.
	 * @return the name, e.g. {@code in-memory-database}
	 */
	public String kind() {
		return this.kind;
	}

	/**
	 * The property whose {@code false} silences this kind.
	 * @return e.g. {@code cluster.master.warnings.in-memory-database}
	 */
	public String property() {
		return PROPERTY_PREFIX + this.kind;
	}

	/**
	 * The warning for what was found.
	 * @param found what was found, e.g. {@code DataSource 'dataSource', jdbc:h2:mem:test}
	 * @return the warning, naming the fix and the property that silences it
	 */
	public PoolWarning warning(String found) {
		return new PoolWarning(this.kind,
				String.format(this.sentence, found) + "; " + property() + "=false silences this warning");
	}

	/**
	 * The kind of a name.
	 * @param kind the name
	 * @return the kind, or empty for a name this version does not know
	 */
	public static Optional<PerProcessState> of(String kind) {
		return Arrays.stream(values()).filter((state) -> state.kind.equals(kind)).findFirst();
	}

}
