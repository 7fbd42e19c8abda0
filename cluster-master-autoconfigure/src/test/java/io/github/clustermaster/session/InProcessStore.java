package io.github.clustermaster.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.clustermaster.ipc.Frame;

import org.springframework.util.unit.DataSize;

/**
 * A {@link SessionStore} in the test's JVM, reached by a client as a worker reaches the
 * master's, counting the calls (the round trips a worker would make).
 */
public final class InProcessStore {

	private final AtomicLong seq = new AtomicLong();

	private final AtomicInteger calls = new AtomicInteger();

	private final SessionStore store = new SessionStore(DataSize.ofMegabytes(1), System::currentTimeMillis);

	public SessionStore store() {
		return this.store;
	}

	public SessionStoreClient client() {
		return new SessionStoreClient((call) -> {
			this.calls.incrementAndGet();
			try {
				return CompletableFuture
					.completedFuture(new Frame.SessionReply(this.seq.incrementAndGet(), this.store.answer(1, call).session(), null));
			}
			catch (IllegalArgumentException ex) {
				return CompletableFuture
					.completedFuture(new Frame.SessionReply(this.seq.incrementAndGet(), null, ex.getMessage()));
			}
		});
	}

	/**
	 * The calls made since the last time this was asked.
	 * @return the count
	 */
	public int takeCalls() {
		return this.calls.getAndSet(0);
	}

}
