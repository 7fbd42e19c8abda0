package io.github.clustermaster.session.servlet;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.github.clustermaster.ipc.SessionData;
import io.github.clustermaster.session.FoundSession;
import io.github.clustermaster.session.SessionAttributes;
import org.jspecify.annotations.Nullable;

import org.springframework.session.Session;

/**
 * A session of the pool's store as one request sees it: the attributes it was found with
 * (read when first asked for, with the application's class loader, and shared with the
 * other requests that found the same copy) and what the request changed, which is all
 * that {@link PoolSessionRepository#save} sends.
 *
 * @author cluster-master
 */
public final class PoolSession implements Session {

	private final SessionAttributes codec;

	private String id;

	/** The id the store knows it by, or {@code null} for a session not saved yet. */
	private @Nullable String storedId;

	private final Instant creationTime;

	private Instant lastAccessedTime;

	private Duration maxInactiveInterval;

	private boolean maxInactiveIntervalChanged;

	/** The session as it was found, or {@code null} for a new one. */
	private final @Nullable FoundSession found;

	/** The serialized attributes as the store holds them. */
	private Map<String, byte[]> stored;

	/** The attributes read or set in this request. */
	private final Map<String, Object> values = new HashMap<>();

	/** What was remembered of each attribute read, to tell whether it changed in place. */
	private final Map<String, Object> marks = new HashMap<>();

	private final Set<String> set = new HashSet<>();

	private final Set<String> removed = new HashSet<>();

	PoolSession(SessionAttributes codec, Duration maxInactiveInterval) {
		this.codec = codec;
		this.id = newId();
		this.storedId = null;
		this.creationTime = Instant.now();
		this.lastAccessedTime = this.creationTime;
		this.maxInactiveInterval = maxInactiveInterval;
		this.found = null;
		this.stored = Map.of();
	}

	PoolSession(SessionAttributes codec, FoundSession found) {
		SessionData data = found.data();
		this.codec = codec;
		this.found = found;
		this.id = data.id();
		this.storedId = data.id();
		this.creationTime = Instant.ofEpochMilli(data.creationTime());
		this.lastAccessedTime = Instant.ofEpochMilli(data.lastAccessedTime());
		this.maxInactiveInterval = Duration.ofSeconds(data.maxInactiveSeconds());
		this.stored = data.attributes();
	}

	private static String newId() {
		return UUID.randomUUID().toString();
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public String changeSessionId() {
		this.id = newId();
		return this.id;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T getAttribute(String attributeName) {
		Object value = this.values.get(attributeName);
		FoundSession found = this.found;
		if (value == null && found != null && !this.removed.contains(attributeName)
				&& this.stored.containsKey(attributeName)) {
			value = found.attribute(attributeName, this.codec);
			if (value != null) {
				this.values.put(attributeName, value);
				this.marks.put(attributeName, this.codec.mark(value));
			}
			else {
				removeAttribute(attributeName);
			}
		}
		return (T) value;
	}

	@Override
	public Set<String> getAttributeNames() {
		Set<String> names = new LinkedHashSet<>(this.stored.keySet());
		names.addAll(this.values.keySet());
		names.removeAll(this.removed);
		return names;
	}

	@Override
	public void setAttribute(String attributeName, @Nullable Object attributeValue) {
		if (attributeValue == null) {
			removeAttribute(attributeName);
			return;
		}
		this.codec.check(attributeName, attributeValue);
		this.values.put(attributeName, attributeValue);
		this.set.add(attributeName);
		this.removed.remove(attributeName);
	}

	@Override
	public void removeAttribute(String attributeName) {
		this.values.remove(attributeName);
		this.set.remove(attributeName);
		if (this.stored.containsKey(attributeName)) {
			this.removed.add(attributeName);
		}
	}

	@Override
	public Instant getCreationTime() {
		return this.creationTime;
	}

	@Override
	public void setLastAccessedTime(Instant lastAccessedTime) {
		// The store marks the session used when it is found: no save needed for this.
		this.lastAccessedTime = lastAccessedTime;
	}

	@Override
	public Instant getLastAccessedTime() {
		return this.lastAccessedTime;
	}

	@Override
	public void setMaxInactiveInterval(Duration interval) {
		if (!interval.equals(this.maxInactiveInterval)) {
			this.maxInactiveInterval = interval;
			this.maxInactiveIntervalChanged = true;
		}
	}

	@Override
	public Duration getMaxInactiveInterval() {
		return this.maxInactiveInterval;
	}

	@Override
	public boolean isExpired() {
		return !this.maxInactiveInterval.isNegative() && !this.maxInactiveInterval.isZero()
				&& Instant.now().minus(this.maxInactiveInterval).compareTo(this.lastAccessedTime) >= 0;
	}

	@Nullable String storedId() {
		return this.storedId;
	}

	boolean isMaxInactiveIntervalChanged() {
		return this.maxInactiveIntervalChanged;
	}

	Map<String, byte[]> stored() {
		return this.stored;
	}

	Map<String, Object> values() {
		return this.values;
	}

	Map<String, Object> marks() {
		return this.marks;
	}

	Set<String> set() {
		return this.set;
	}

	Set<String> removed() {
		return this.removed;
	}

	/** The store now holds what was saved: later saves send only later changes. */
	void saved(Map<String, byte[]> sent) {
		Map<String, byte[]> stored = new HashMap<>(this.stored);
		stored.putAll(sent);
		this.removed.forEach(stored::remove);
		this.stored = stored;
		sent.keySet().forEach(this.marks::remove);
		this.storedId = this.id;
		this.set.clear();
		this.removed.clear();
		this.maxInactiveIntervalChanged = false;
	}

}
