package io.github.clustermaster.supervisor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.clustermaster.release.Release;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WorkerLauncher} that starts {@link FakeProcess fake processes} and records
 * every launch; it can be told to fail like a launcher whose {@code java} cannot start.
 *
 * @author cluster-master
 */
final class FakeLauncher implements WorkerLauncher {

	private final List<Launch> launches = new ArrayList<>();

	private @Nullable IOException failure;

	private int attempts;

	@Override
	public WorkerProcess launch(int id, int generation, Map<String, String> env) throws IOException {
		return launch(id, 0, generation, env, null);
	}

	@Override
	public WorkerProcess launch(int id, int slot, int generation, Map<String, String> env,
			@Nullable Release release) throws IOException {
		this.attempts++;
		IOException failure = this.failure;
		if (failure != null) {
			throw failure;
		}
		FakeProcess process = new FakeProcess(1000 + id);
		this.launches.add(new Launch(id, slot, generation, Map.copyOf(env), process));
		return process;
	}

	/**
	 * Make every following launch throw, or succeed again with {@code null}.
	 * @param failure the exception to throw
	 */
	void failWith(@Nullable IOException failure) {
		this.failure = failure;
	}

	/** How many launches were attempted, including the ones that failed. */
	int attempts() {
		return this.attempts;
	}

	/** The successful launches, in order. */
	List<Launch> launches() {
		return this.launches;
	}

	Launch launch(int id) {
		return this.launches.stream()
			.filter((launch) -> launch.id() == id)
			.findFirst()
			.orElseThrow(() -> new AssertionError("Worker " + id + " was never launched; launches: " + this.launches));
	}

	FakeProcess process(int id) {
		return launch(id).process();
	}

	/**
	 * One recorded launch.
	 *
	 * @param id the worker id
	 * @param slot the slot it was launched in
	 * @param generation the generation it was launched in
	 * @param env the environment it got
	 * @param process the fake process
	 */
	record Launch(int id, int slot, int generation, Map<String, String> env, FakeProcess process) {

		@Override
		public String toString() {
			return "worker " + this.id + " (generation " + this.generation + ")";
		}

	}

}
