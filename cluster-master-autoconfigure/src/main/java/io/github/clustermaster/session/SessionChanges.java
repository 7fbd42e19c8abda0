package io.github.clustermaster.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.ipc.SessionData;
import org.jspecify.annotations.Nullable;

/**
 * What a worker's copy of one session changed since the pool's store last took it, and
 * the save that sends it: the attributes as the store holds them (bytes), the names set
 * and removed since, what was remembered of each attribute read ({@link SessionAttributes#mark}),
 * a timeout change, and the id the store knows (a new id moves the session). A save sends
 * one {@link SessionCall.Op#SAVE} with the attributes set (serialized), those read that
 * changed in place ({@link SessionAttributes#changedInPlace}) and the names removed, or
 * nothing when nothing changed and the store already has the session; then it records
 * what the store holds.
 * <p>
 * The container's session keeps its attributes as objects (the map is passed in) and its
 * listeners; this keeps the rest. Safe for the concurrent requests of one worker that share
 * a session object: the names go in concurrent sets, the store's attributes are copied on
 * write.
 *
 * @author cluster-master
 */
public final class SessionChanges {

	private final SessionAttributes codec;

	private final @Nullable FoundSession found;

	private final AfterFailure afterFailure;

	/** The id the store knows it by, or {@code null} for a session not saved yet. */
	private volatile @Nullable String storedId;

	/** The serialized attributes as the store holds them. */
	private volatile Map<String, byte[]> stored;

	/** The attributes set since the store last took the session (with their bytes when serialized at once). */
	private final Map<String, Pending> set = new ConcurrentHashMap<>();

	/** The attributes removed since, that the store holds. */
	private final Set<String> removed = ConcurrentHashMap.newKeySet();

	/** Attributes read that no request's save checks (read off a request's thread), checked at the next save. */
	private final Set<String> readElsewhere = ConcurrentHashMap.newKeySet();

	/** What was remembered of each attribute read, to tell whether it changed in place. */
	private final Map<String, Object> marks = new ConcurrentHashMap<>();

	private volatile boolean timeoutChanged;

	/**
	 * The changes of a session.
	 * @param codec how attributes are serialized
	 * @param found the copy of the store's session it was made from, or {@code null} for
	 * a new session, which the store does not know yet
	 * @param afterFailure what a save the store did not take leaves
	 */
	public SessionChanges(SessionAttributes codec, @Nullable FoundSession found, AfterFailure afterFailure) {
		this.codec = codec;
		this.found = found;
		this.afterFailure = afterFailure;
		SessionData data = (found != null) ? found.data() : null;
		this.storedId = (data != null) ? data.id() : null;
		this.stored = (data != null) ? data.attributes() : Map.of();
	}

	/**
	 * The copy of the store's session these changes started from.
	 * @return the store's answer, or {@code null} for a new session
	 */
	public @Nullable FoundSession found() {
		return this.found;
	}

	/**
	 * The id the store knows the session by.
	 * @return the id, or {@code null} for a session not saved yet
	 */
	public @Nullable String storedId() {
		return this.storedId;
	}

	/**
	 * Read an attribute back from the store's copy the first time it is asked for, put it
	 * among the session's attributes and remember its mark.
	 * @param name the attribute's name
	 * @param attributes the session's attributes (a concurrent map)
	 * @return the value read, the one another request put first, or {@code null} when
	 * the store's copy has none of that name that this session still holds
	 */
	public @Nullable Object load(String name, Map<String, Object> attributes) {
		FoundSession found = this.found;
		if (found == null || this.removed.contains(name) || !this.stored.containsKey(name)
				|| this.set.containsKey(name)) {
			return null;
		}
		Object value = found.attribute(name, this.codec);
		if (value == null) {
			return null;
		}
		Object first = attributes.putIfAbsent(name, value);
		if (first != null) {
			return first;
		}
		this.marks.put(name, this.codec.mark(value));
		return value;
	}

	/**
	 * The names of the session's attributes: the store's, less those removed, and those
	 * the session holds.
	 * @param held the names of the attributes the session holds as objects
	 * @return the names
	 */
	public Set<String> names(Collection<String> held) {
		Set<String> names = new LinkedHashSet<>(this.stored.keySet());
		names.removeAll(this.removed);
		names.addAll(held);
		return names;
	}

	/**
	 * An attribute was set; it is serialized at the next save.
	 * @param name its name
	 */
	public void set(String name) {
		this.set.put(name, Pending.LATER);
		this.removed.remove(name);
		this.marks.remove(name);
	}

	/**
	 * An attribute was set and serialized at once; the next save sends these bytes, or
	 * newer ones if the value changed in place since.
	 * @param name its name
	 * @param value its value
	 * @param bytes its serialized form
	 */
	public void set(String name, Object value, byte[] bytes) {
		this.set.put(name, new Pending(bytes));
		this.marks.put(name, this.codec.mark(value));
		this.removed.remove(name);
	}

	/**
	 * An attribute was removed.
	 * @param name its name
	 */
	public void removed(String name) {
		this.set.remove(name);
		this.marks.remove(name);
		if (this.stored.containsKey(name)) {
			this.removed.add(name);
		}
	}

	/**
	 * An attribute was read where no save checks it (off a request's thread): the next
	 * save checks it.
	 * @param name its name
	 */
	public void readElsewhere(String name) {
		this.readElsewhere.add(name);
	}

	/** The session's timeout changed: the next save sends it. */
	public void timeoutChanged() {
		this.timeoutChanged = true;
	}

	/**
	 * Give the store what changed since it last took the session: the attributes set,
	 * those read that were changed in place, the names removed, a new id or timeout. A
	 * session nothing changed in costs nothing; a new one is always saved, so that the
	 * other workers find it.
	 * @param store the pool's store
	 * @param session the session's id, creation time and timeout now
	 * @param attributes the session's attributes (a concurrent map)
	 * @param reads the attributes to check for a change in place (besides those read
	 * elsewhere)
	 * @return whether a save was sent
	 * @throws NotSerializableAttributeException if an attribute cannot be serialized: it
	 * is dropped from the attributes, and the rest is kept for the next save
	 * @throws SessionStoreException if the store did not take it: what it leaves is the
	 * {@link AfterFailure} given
	 */
	public boolean save(SessionStoreClient store, Saved session, Map<String, Object> attributes,
			Collection<String> reads) {
		Map<String, Pending> setNow = drain(this.set);
		List<String> removedNow = drain(this.removed);
		Set<String> checked = new LinkedHashSet<>(reads);
		checked.addAll(drain(this.readElsewhere));
		try {
			Map<String, byte[]> changed = new HashMap<>();
			setNow.forEach((name, pending) -> {
				Object value = attributes.get(name);
				if (value != null) {
					changed.put(name, pending.bytes(this.codec, name, value, this.marks.get(name)));
				}
			});
			Map<String, byte[]> stored = this.stored;
			for (String name : checked) {
				Object value = attributes.get(name);
				if (value != null && !changed.containsKey(name) && !this.set.containsKey(name)) {
					byte[] bytes = this.codec.changedInPlace(name, value, this.marks.get(name), stored.get(name));
					if (bytes != null) {
						changed.put(name, bytes);
					}
				}
			}
			SessionCall call = saveCall(this.storedId, session, changed, removedNow, this.timeoutChanged);
			if (call == null) {
				return false;
			}
			this.timeoutChanged = false;
			store.call(call);
			saved(changed, removedNow, session.id(), attributes);
			return true;
		}
		catch (NotSerializableAttributeException ex) {
			// It can never be sent: it goes from this copy too; the rest is sent by the next save
			String name = ex.getAttribute();
			attributes.remove(name);
			this.marks.remove(name);
			setNow.remove(name);
			checked.remove(name);
			putBack(setNow, removedNow, checked, attributes);
			throw ex;
		}
		catch (RuntimeException ex) {
			if (this.afterFailure == AfterFailure.SEND_AGAIN) {
				this.timeoutChanged = true;
				putBack(setNow, removedNow, checked, attributes);
			}
			throw ex;
		}
	}

	private void putBack(Map<String, Pending> setNow, List<String> removedNow, Set<String> checked,
			Map<String, Object> attributes) {
		setNow.forEach(this.set::putIfAbsent);
		removedNow.stream().filter((name) -> !attributes.containsKey(name)).forEach(this.removed::add);
		this.readElsewhere.addAll(checked);
	}

	private synchronized void saved(Map<String, byte[]> sent, List<String> gone, String id,
			Map<String, Object> attributes) {
		Map<String, byte[]> stored = new HashMap<>(this.stored);
		stored.putAll(sent);
		gone.forEach(stored::remove);
		this.stored = stored;
		sent.forEach((name, bytes) -> {
			Object value = attributes.get(name);
			if (value != null) {
				this.marks.put(name, this.codec.mark(value));
			}
		});
		this.storedId = id;
	}

	/**
	 * The save to send for a session's changes, or none.
	 * @param storedId the id the store knows the session by, or {@code null} for a new one
	 * @param session the session's id, creation time and timeout now
	 * @param changed the attributes to send
	 * @param removed the names to remove
	 * @param timeoutChanged whether the timeout changed
	 * @return the call, or {@code null} when the store has the session and nothing changed
	 */
	public static @Nullable SessionCall saveCall(@Nullable String storedId, Saved session,
			Map<String, byte[]> changed, List<String> removed, boolean timeoutChanged) {
		boolean moved = storedId != null && !storedId.equals(session.id());
		if (storedId != null && !moved && changed.isEmpty() && removed.isEmpty() && !timeoutChanged) {
			return null;
		}
		return new SessionCall(SessionCall.Op.SAVE, session.id(), moved ? storedId : null, session.creationTime(),
				session.maxInactiveSeconds(), changed, removed);
	}

	private static <V> Map<String, V> drain(Map<String, V> pending) {
		Map<String, V> drained = new HashMap<>();
		for (Map.Entry<String, V> entry : pending.entrySet()) {
			if (pending.remove(entry.getKey(), entry.getValue())) {
				drained.put(entry.getKey(), entry.getValue());
			}
		}
		return drained;
	}

	private static List<String> drain(Set<String> names) {
		if (names.isEmpty()) {
			return List.of();
		}
		List<String> drained = new ArrayList<>(names.size());
		for (Iterator<String> each = names.iterator(); each.hasNext();) {
			drained.add(each.next());
			each.remove();
		}
		return drained;
	}

	/**
	 * What a save the store did not take leaves.
	 */
	public enum AfterFailure {

		/** The changes stay, and the next save sends them again. */
		SEND_AGAIN,

		/** The changes are dropped: the caller forgets this copy of the session. */
		DROP

	}

	/**
	 * A session as a save sends it.
	 * @param id its id now
	 * @param creationTime when it was created, in epoch milliseconds
	 * @param maxInactiveSeconds its timeout
	 */
	public record Saved(String id, long creationTime, long maxInactiveSeconds) {

	}

	/** An attribute set: its bytes when it was serialized at once, {@code null} when at the save. */
	private record Pending(byte @Nullable [] bytes) {

		static final Pending LATER = new Pending(null);

		byte[] bytes(SessionAttributes codec, String name, Object value, @Nullable Object mark) {
			byte[] bytes = this.bytes;
			if (bytes == null) {
				return codec.serialize(name, value);
			}
			byte[] now = codec.changedInPlace(name, value, mark, bytes);
			return (now != null) ? now : bytes;
		}

	}

}
