package io.github.clustermaster.ipc;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The master's invalidations of the workers' copies of sessions: each named worker is
 * sent a {@link Frame.SessionInvalidate} and the returned future completes once every
 * one confirmed it ({@link Frame.SessionInvalidated}), left, or did not answer within
 * {@link #TIMEOUT}. The call that made the copies stale is answered only then, so the
 * next request of its user, on whichever worker, reads what it wrote.
 *
 * @author cluster-master
 */
final class SessionInvalidations {

	private static final Log logger = LogFactory.getLog(SessionInvalidations.class);

	/**
	 * How long a worker has to confirm: its IPC thread does nothing slow, so only a worker
	 * that hangs misses it, and its copy is then at most a copy's lifetime old.
	 */
	static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final AtomicLong seq = new AtomicLong();

	private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

	/**
	 * Invalidate copies.
	 * @param workers the workers that keep a copy
	 * @param ids the sessions; empty for every session
	 * @param channels each worker's connection, or {@code null} when it has none
	 * @return completed once every worker confirmed, left or timed out
	 */
	CompletableFuture<Void> invalidate(Collection<Integer> workers, List<String> ids,
			IntFunction<@Nullable FrameChannel> channels) {
		if (workers.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		List<CompletableFuture<Void>> confirmations = new ArrayList<>(workers.size());
		for (int worker : workers) {
			FrameChannel channel = channels.apply(worker);
			if (channel == null) {
				continue; // gone, and its copies with it
			}
			long number = this.seq.incrementAndGet();
			Pending waiting = new Pending(worker, new CompletableFuture<>());
			this.pending.put(number, waiting);
			try {
				channel.write(new Frame.SessionInvalidate(number, ids));
			}
			catch (IOException ex) {
				this.pending.remove(number);
				continue; // its connection is closing: so are its copies
			}
			confirmations.add(waiting.confirmed.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.exceptionally((timeout) -> {
					this.pending.remove(number);
					logger.warn("Worker " + worker + " did not confirm within " + TIMEOUT.toSeconds() + " s that it "
							+ "dropped its copy of " + describe(ids) + ", which another worker changed; it may answer "
							+ "from that copy for a few seconds more");
					return null;
				}));
		}
		return CompletableFuture.allOf(confirmations.toArray(CompletableFuture[]::new));
	}

	/**
	 * A worker confirmed an invalidation.
	 * @param number the invalidation's {@code seq}
	 */
	void confirmed(long number) {
		Pending waiting = this.pending.remove(number);
		if (waiting != null) {
			waiting.confirmed.complete(null);
		}
	}

	/**
	 * A worker's connection closed: its copies are gone.
	 * @param worker the worker's id
	 */
	void disconnected(int worker) {
		this.pending.forEach((number, waiting) -> {
			if (waiting.worker == worker && this.pending.remove(number, waiting)) {
				waiting.confirmed.complete(null);
			}
		});
	}

	private static String describe(List<String> ids) {
		return ids.isEmpty() ? "every session" : (ids.size() == 1) ? "a session" : ids.size() + " sessions";
	}

	private record Pending(int worker, CompletableFuture<Void> confirmed) {

	}

}
