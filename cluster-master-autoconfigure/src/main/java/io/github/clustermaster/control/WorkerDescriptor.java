package io.github.clustermaster.control;

import io.github.clustermaster.supervisor.WorkerInfo;
import org.jspecify.annotations.Nullable;

/**
 * One worker as the master sees it.
 *
 * @param id the worker id
 * @param pid the process id
 * @param state {@code STARTING}, {@code READY}, {@code STOPPING} or {@code EXITED}
 * @param age the time since it was started, in ISO-8601 ({@code PT12.3S})
 * @param generation the generation it was started in
 * @param restarts how many workers in a row crashed in its place before it was started
 * @param release the id of the release it runs (the first 12 hex digits of its hash), or
 * {@code null} for launches without one
 * @author cluster-master
 */
public record WorkerDescriptor(int id, long pid, String state, String age, int generation, int restarts,
		@Nullable String release) {

	static WorkerDescriptor of(WorkerInfo info) {
		return new WorkerDescriptor(info.id(), info.pid(), info.state().name(),
				info.age().withNanos((info.age().getNano() / 1_000_000) * 1_000_000).toString(), info.generation(),
				info.restarts(), (info.release() != null) ? info.release().shortHash() : null);
	}

}
