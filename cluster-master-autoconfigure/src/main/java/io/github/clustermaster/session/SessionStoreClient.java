package io.github.clustermaster.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.clustermaster.ipc.Frame;
import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.ipc.SessionData;
import io.github.clustermaster.worker.WorkerSession;
import org.jspecify.annotations.Nullable;

/**
 * A worker's calls on the pool's session store, one IPC round trip each, except a find
 * answered from this worker's copy of the session ({@link SessionCopies}): a session
 * found is kept until the master invalidates it, this worker changes it, or its copy's
 * lifetime ends.
 *
 * @author cluster-master
 */
public final class SessionStoreClient {

	/** How long a call waits for the master. */
	static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final Transport transport;

	private final @Nullable SessionCopies copies;

	/**
	 * Create a client that keeps no copies.
	 * @param transport how calls reach the store
	 */
	public SessionStoreClient(Transport transport) {
		this(transport, null);
	}

	SessionStoreClient(Transport transport, @Nullable SessionCopies copies) {
		this.transport = transport;
		this.copies = copies;
	}

	/**
	 * A client over this worker's link to its master, which keeps copies of the sessions
	 * it finds and drops them when the master says so.
	 * @param worker the link
	 * @return the client
	 */
	public static SessionStoreClient of(WorkerSession worker) {
		SessionCopies copies = new SessionCopies(System::nanoTime);
		worker.onSessionsInvalidated(copies::invalidate);
		return new SessionStoreClient((call) -> worker.sessionStore(call, TIMEOUT), copies);
	}

	/**
	 * Find a session without blocking: from this worker's copy when it keeps a young one,
	 * from the store otherwise (and keep the answer as a copy when the store allows it).
	 * @param id the session's id
	 * @return the session found, or {@code null}; a {@link SessionStoreException} when the
	 * store did not answer
	 */
	public CompletableFuture<@Nullable FoundSession> findAsync(String id) {
		SessionCopies copies = this.copies;
		if (copies != null) {
			FoundSession copy = copies.get(id);
			if (copy != null) {
				return CompletableFuture.completedFuture(copy);
			}
		}
		long epoch = (copies != null) ? copies.epoch() : 0;
		SessionCall call = SessionCall.find(id);
		return this.transport.send(call).handle((reply, ex) -> {
			SessionData data = answer(call, reply, ex);
			if (data == null) {
				return null;
			}
			FoundSession found = new FoundSession(data);
			if (copies != null && reply.cacheable()) {
				copies.keep(found, epoch);
			}
			return found;
		});
	}

	/**
	 * Find a session and wait for the answer.
	 * @param id the session's id
	 * @return the session found, or {@code null}
	 * @throws SessionStoreException if the store did not answer
	 */
	public @Nullable FoundSession find(String id) {
		return await(findAsync(id));
	}

	/**
	 * Call the store without blocking.
	 * @param call the call
	 * @return the session found, or {@code null}; a {@link SessionStoreException} when the
	 * store did not answer or refused the call
	 */
	public CompletableFuture<@Nullable SessionData> callAsync(SessionCall call) {
		if (call.op() == SessionCall.Op.FIND) {
			return findAsync(call.id()).thenApply((found) -> (found != null) ? found.data() : null);
		}
		SessionCopies copies = this.copies;
		return this.transport.send(call).handle((reply, ex) -> {
			if (copies != null) {
				// This worker's own copy is stale now, whether or not the store took the change.
				copies.invalidate((call.previousId() != null) ? List.of(call.id(), call.previousId())
						: List.of(call.id()));
			}
			return answer(call, reply, ex);
		});
	}

	private static @Nullable SessionData answer(SessionCall call, Frame.@Nullable SessionReply reply,
			@Nullable Throwable ex) {
		if (ex != null) {
			Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
			throw new SessionStoreException("The pool's session store could not " + verb(call) + ": "
					+ cause.getMessage(), cause);
		}
		if (reply.error() != null) {
			throw new SessionStoreException("The pool's session store could not " + verb(call) + ": " + reply.error(),
					null);
		}
		return reply.session();
	}

	/**
	 * Call the store and wait for its answer.
	 * @param call the call
	 * @return the session found, or {@code null}
	 * @throws SessionStoreException if the store did not answer or refused the call
	 */
	public @Nullable SessionData call(SessionCall call) {
		return await(callAsync(call));
	}

	private static <T> @Nullable T await(CompletableFuture<@Nullable T> answer) {
		try {
			return answer.get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof SessionStoreException failed) {
				throw failed;
			}
			throw new SessionStoreException("The pool's session store failed: " + ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SessionStoreException("Interrupted while calling the pool's session store", ex);
		}
		catch (TimeoutException ex) {
			throw new SessionStoreException("The pool's session store did not answer within " + TIMEOUT, ex);
		}
	}

	private static String verb(SessionCall call) {
		return switch (call.op()) {
			case FIND -> "find a session";
			case SAVE -> "save a session";
			case DELETE -> "delete a session";
			case HAND_OVER -> "hand its sessions over";
		};
	}

	/**
	 * How calls reach the store: the worker's IPC link, or a store in the same JVM in
	 * tests.
	 */
	@FunctionalInterface
	public interface Transport {

		/**
		 * Send a call.
		 * @param call the call
		 * @return the store's answer
		 */
		CompletableFuture<Frame.SessionReply> send(SessionCall call);

	}

}
