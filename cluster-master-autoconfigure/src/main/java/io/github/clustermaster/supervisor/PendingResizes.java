package io.github.clustermaster.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The resizes whose callers wait for them: a resize completes when the pool has exactly
 * its size, every worker ready, or when a later resize supersedes it; all fail when the
 * master quits or gives up respawning. Only the supervisor thread uses it.
 *
 * @author cluster-master
 */
final class PendingResizes {

	private final List<Pending> pending = new ArrayList<>();

	/**
	 * A resize was applied; its caller waits.
	 * @param size the size it asked for
	 * @param future completed with the pool's status once it is done
	 */
	void add(int size, CompletableFuture<ClusterStatus> future) {
		this.pending.add(new Pending(size, future));
	}

	boolean isEmpty() {
		return this.pending.isEmpty();
	}

	/**
	 * Complete the resizes that are done: every one when the pool is whole at the size
	 * wanted now, and those superseded by a later size.
	 * @param size the size wanted now
	 * @param whole whether the pool has {@code size} workers, every one ready; asked only
	 * when a resize waits
	 * @param status publishes the pool's status, which the resizes are completed with;
	 * asked only when a resize waits
	 */
	void complete(int size, BooleanSupplier whole, Supplier<ClusterStatus> status) {
		if (this.pending.isEmpty()) {
			return;
		}
		boolean reached = whole.getAsBoolean();
		ClusterStatus now = status.get();
		this.pending.removeIf((resize) -> {
			if (resize.size != size || reached) {
				resize.future.complete(now);
				return true;
			}
			return false;
		});
	}

	/**
	 * Fail every waiting resize.
	 * @param why the message of the {@link IllegalStateException} they fail with
	 */
	void fail(String why) {
		this.pending.forEach((resize) -> resize.future.completeExceptionally(new IllegalStateException(why)));
		this.pending.clear();
	}

	private record Pending(int size, CompletableFuture<ClusterStatus> future) {
	}

}
