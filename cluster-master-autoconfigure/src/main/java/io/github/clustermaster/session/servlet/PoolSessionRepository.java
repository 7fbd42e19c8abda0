package io.github.clustermaster.session.servlet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.session.FoundSession;
import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionStoreClient;
import org.jspecify.annotations.Nullable;

import org.springframework.session.SessionRepository;

/**
 * A Spring Session {@link SessionRepository} over the pool's store, which the master
 * holds: a session found costs one IPC round trip (which also marks it used) unless this
 * worker keeps a young copy of it, a save one
 * more, and only when the request changed something. A save sends the attributes set,
 * and those read that the application changed in place, as Tomcat's in-memory sessions
 * allow ({@link SessionAttributes#changedInPlace}), and the names removed.
 *
 * @author cluster-master
 */
public final class PoolSessionRepository implements SessionRepository<PoolSession> {

	private final SessionStoreClient store;

	private final SessionAttributes codec;

	private final Duration maxInactiveInterval;

	/**
	 * Create a repository.
	 * @param store the pool's store
	 * @param codec how attributes are serialized
	 * @param maxInactiveInterval how long a new session may stay unused (the
	 * application's session timeout)
	 */
	public PoolSessionRepository(SessionStoreClient store, SessionAttributes codec, Duration maxInactiveInterval) {
		this.store = store;
		this.codec = codec;
		this.maxInactiveInterval = maxInactiveInterval;
	}

	@Override
	public PoolSession createSession() {
		return new PoolSession(this.codec, this.maxInactiveInterval);
	}

	@Override
	public void save(PoolSession session) {
		Map<String, byte[]> changed = new HashMap<>();
		for (String name : session.set()) {
			changed.put(name, this.codec.serialize(name, session.values().get(name)));
		}
		session.values().forEach((name, value) -> {
			if (!session.set().contains(name)) {
				byte[] bytes = this.codec.changedInPlace(name, value, session.marks().get(name),
						session.stored().get(name));
				if (bytes != null) {
					changed.put(name, bytes);
				}
			}
		});
		String storedId = session.storedId();
		boolean moved = storedId != null && !storedId.equals(session.getId());
		if (storedId != null && !moved && changed.isEmpty() && session.removed().isEmpty()
				&& !session.isMaxInactiveIntervalChanged()) {
			return;
		}
		this.store.call(new SessionCall(SessionCall.Op.SAVE, session.getId(), moved ? storedId : null,
				session.getCreationTime().toEpochMilli(), session.getMaxInactiveInterval().toSeconds(), changed,
				new ArrayList<>(session.removed())));
		session.saved(changed);
	}

	@Override
	public @Nullable PoolSession findById(String id) {
		FoundSession found = this.store.find(id);
		return (found != null) ? new PoolSession(this.codec, found) : null;
	}

	@Override
	public void deleteById(String id) {
		this.store.call(SessionCall.delete(id));
	}

}
