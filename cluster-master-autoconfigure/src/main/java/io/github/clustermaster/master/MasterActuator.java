package io.github.clustermaster.master;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.clustermaster.ipc.Frame;
import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.ipc.PoolWriteOutcome;
import io.github.clustermaster.ipc.RelayRequest;
import io.github.clustermaster.ipc.RelayResponse;
import io.github.clustermaster.supervisor.WorkerInfo;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import io.github.clustermaster.supervisor.WorkerState;
import org.jspecify.annotations.Nullable;

/**
 * The master's part of the workers' Actuator: a write operation one worker applied (a
 * logger level, a cache eviction) goes to every other connected worker, and the answer
 * names those that applied it and those that could not; the logger levels set at run time
 * are remembered (until a request resets them, without a level) and sent to every worker
 * that connects later, right after its {@code hello}. A request for worker {@code k} goes
 * to that worker, whose response goes back to the worker that relayed it: {@code 404}
 * naming the workers there are when there is no worker {@code k}, {@code 503} while it is
 * not ready. Runs on the IPC threads, never on the supervisor's: it only reads the pool's
 * published status.
 *
 * @author cluster-master
 */
final class MasterActuator implements PoolActuator {

	/** How long a worker may take to apply a write operation. */
	static final Duration APPLY_TIMEOUT = Duration.ofSeconds(5);

	/** How long a worker may take to answer a relayed request. */
	static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(20);

	private static final String LOGGERS = "loggers:";

	private final IpcServer server;

	private final WorkerPoolManager pool;

	private final AtomicLong sequence = new AtomicLong();

	private final Map<Long, CompletableFuture<@Nullable String>> applies = new ConcurrentHashMap<>();

	private final Map<Long, CompletableFuture<RelayResponse>> invokes = new ConcurrentHashMap<>();

	/** The logger levels set at run time, by logger name, in the order they were set. */
	private final Map<String, Frame.Apply> levels = new LinkedHashMap<>();

	MasterActuator(IpcServer server, WorkerPoolManager pool) {
		this.server = server;
		this.pool = pool;
	}

	@Override
	public CompletableFuture<PoolWriteOutcome> applyEverywhere(String operation, Map<String, String> arguments) {
		return poolWrite(-1, operation, arguments);
	}

	@Override
	public CompletableFuture<RelayResponse> relay(int target, RelayRequest request) {
		return relay(-1, target, request);
	}

	CompletableFuture<PoolWriteOutcome> poolWrite(int origin, String operation, Map<String, String> arguments) {
		remember(operation, arguments);
		Map<Integer, CompletableFuture<@Nullable String>> outcomes = new LinkedHashMap<>();
		for (int id : this.server.connectedWorkers()) {
			if (id != origin) {
				outcomes.put(id, apply(id, operation, arguments));
			}
		}
		return CompletableFuture.allOf(outcomes.values().toArray(CompletableFuture[]::new)).thenApply((done) -> {
			List<Integer> applied = new ArrayList<>();
			Map<Integer, String> failed = new LinkedHashMap<>();
			outcomes.forEach((id, outcome) -> {
				String error = outcome.join();
				if (error == null) {
					applied.add(id);
				}
				else {
					failed.put(id, error);
				}
			});
			return new PoolWriteOutcome(applied, failed);
		});
	}

	private CompletableFuture<@Nullable String> apply(int id, String operation, Map<String, String> arguments) {
		long seq = this.sequence.incrementAndGet();
		CompletableFuture<@Nullable String> outcome = new CompletableFuture<>();
		this.applies.put(seq, outcome);
		if (!this.server.deliver(id, new Frame.Apply(seq, operation, arguments))) {
			this.applies.remove(seq);
			return CompletableFuture.completedFuture("its connection to the master is gone");
		}
		return outcome
			.completeOnTimeout("it did not answer within " + APPLY_TIMEOUT.toMillis() + " ms", APPLY_TIMEOUT.toMillis(),
					TimeUnit.MILLISECONDS)
			.whenComplete((error, ex) -> this.applies.remove(seq));
	}

	/**
	 * A logger level set at run time is for the workers started later too; a request
	 * without a level resets the logger, and the master forgets it.
	 */
	private void remember(String operation, Map<String, String> arguments) {
		String name = arguments.get("name");
		if (!operation.startsWith(LOGGERS) || name == null) {
			return;
		}
		String level = arguments.get("configuredLevel");
		synchronized (this.levels) {
			this.levels.remove(name);
			if (level != null && !level.isBlank()) {
				this.levels.put(name, new Frame.Apply(null, operation, arguments));
			}
		}
	}

	void applied(int worker, long seq, @Nullable String error) {
		CompletableFuture<@Nullable String> outcome = this.applies.remove(seq);
		if (outcome != null) {
			outcome.complete(error);
		}
	}

	List<Frame> greeting(int worker) {
		synchronized (this.levels) {
			return new ArrayList<>(this.levels.values());
		}
	}

	CompletableFuture<RelayResponse> relay(int origin, int target, RelayRequest request) {
		List<WorkerInfo> workers = this.pool.status().workers();
		WorkerInfo worker = workers.stream().filter((candidate) -> candidate.id() == target).findFirst().orElse(null);
		if (worker == null) {
			List<Integer> ids = workers.stream().map(WorkerInfo::id).sorted().toList();
			return CompletableFuture.completedFuture(RelayResponse.error(404,
					"There is no worker " + target + "; the workers are " + ids));
		}
		if (worker.state() != WorkerState.READY) {
			return CompletableFuture.completedFuture(RelayResponse.error(503,
					"Worker " + target + " is " + worker.state().name().toLowerCase() + ", not ready"));
		}
		long seq = this.sequence.incrementAndGet();
		CompletableFuture<RelayResponse> response = new CompletableFuture<>();
		this.invokes.put(seq, response);
		if (!this.server.deliver(target, new Frame.Invoke(seq, request))) {
			this.invokes.remove(seq);
			return CompletableFuture.completedFuture(
					RelayResponse.error(503, "Worker " + target + " is not connected to the master"));
		}
		return response
			.completeOnTimeout(RelayResponse.error(504, "Worker " + target + " did not answer within "
					+ INVOKE_TIMEOUT.toSeconds() + " s"), INVOKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((answer, ex) -> this.invokes.remove(seq));
	}

	void invoked(int worker, long seq, RelayResponse response) {
		CompletableFuture<RelayResponse> answer = this.invokes.remove(seq);
		if (answer != null) {
			answer.complete(response);
		}
	}

}
