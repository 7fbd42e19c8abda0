package io.github.clustermaster.session.reactive;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.ipc.SessionData;
import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionStoreClient;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.server.WebSession;

/**
 * A {@link WebSession} of the pool's store as one exchange sees it. Its attributes are
 * read when it is found; {@link #save()} sends those whose serialized form changed (set,
 * or changed in place) and the names removed, and nothing when nothing changed.
 *
 * @author cluster-master
 */
final class PoolWebSession implements WebSession {

	private final SessionStoreClient store;

	private final SessionAttributes codec;

	private String id;

	private @Nullable String storedId;

	private final Instant creationTime;

	private Instant lastAccessTime;

	private Duration maxIdleTime;

	private boolean maxIdleTimeChanged;

	private final Map<String, byte[]> stored;

	private final Map<String, Object> attributes;

	private boolean started;

	private boolean invalidated;

	PoolWebSession(SessionStoreClient store, SessionAttributes codec, Duration maxIdleTime) {
		this.store = store;
		this.codec = codec;
		this.id = UUID.randomUUID().toString();
		this.creationTime = Instant.now();
		this.lastAccessTime = this.creationTime;
		this.maxIdleTime = maxIdleTime;
		this.stored = new HashMap<>();
		this.attributes = new CheckedAttributes(codec);
	}

	PoolWebSession(SessionStoreClient store, SessionAttributes codec, SessionData data) {
		this.store = store;
		this.codec = codec;
		this.id = data.id();
		this.storedId = data.id();
		this.creationTime = Instant.ofEpochMilli(data.creationTime());
		this.lastAccessTime = Instant.ofEpochMilli(data.lastAccessedTime());
		this.maxIdleTime = Duration.ofSeconds(data.maxInactiveSeconds());
		this.stored = new HashMap<>(data.attributes());
		Map<String, Object> attributes = new CheckedAttributes(codec);
		data.attributes().forEach((name, bytes) -> {
			Object value = codec.deserialize(name, bytes);
			if (value != null) {
				attributes.put(name, value);
			}
		});
		this.attributes = attributes;
		this.started = true;
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	@Override
	public void start() {
		this.started = true;
	}

	@Override
	public boolean isStarted() {
		return this.started || !this.attributes.isEmpty();
	}

	@Override
	public Mono<Void> changeSessionId() {
		return Mono.fromRunnable(() -> this.id = UUID.randomUUID().toString());
	}

	@Override
	public Mono<Void> invalidate() {
		return Mono.defer(() -> {
			this.invalidated = true;
			this.attributes.clear();
			String storedId = this.storedId;
			this.storedId = null;
			return (storedId != null) ? Mono.fromFuture(() -> this.store.callAsync(SessionCall.delete(storedId))).then()
					: Mono.empty();
		});
	}

	@Override
	public Mono<Void> save() {
		return Mono.defer(() -> {
			if (this.invalidated) {
				return Mono.error(new IllegalStateException("Session was invalidated"));
			}
			if (!isStarted()) {
				return Mono.empty();
			}
			Map<String, byte[]> changed = new HashMap<>();
			this.attributes.forEach((name, value) -> {
				byte[] bytes = this.codec.serialize(name, value);
				if (!Arrays.equals(bytes, this.stored.get(name))) {
					changed.put(name, bytes);
				}
			});
			Set<String> removed = new HashSet<>(this.stored.keySet());
			removed.removeAll(this.attributes.keySet());
			String storedId = this.storedId;
			boolean moved = storedId != null && !storedId.equals(this.id);
			if (storedId != null && !moved && changed.isEmpty() && removed.isEmpty() && !this.maxIdleTimeChanged) {
				return Mono.empty();
			}
			SessionCall call = new SessionCall(SessionCall.Op.SAVE, this.id, moved ? storedId : null,
					this.creationTime.toEpochMilli(), this.maxIdleTime.toSeconds(), changed,
					java.util.List.copyOf(removed));
			return Mono.fromFuture(() -> this.store.callAsync(call)).then(Mono.fromRunnable(() -> {
				this.stored.putAll(changed);
				removed.forEach(this.stored::remove);
				this.storedId = this.id;
				this.maxIdleTimeChanged = false;
			}));
		});
	}

	@Override
	public boolean isExpired() {
		if (this.invalidated) {
			return true;
		}
		return !this.maxIdleTime.isNegative() && !this.maxIdleTime.isZero()
				&& Instant.now().minus(this.maxIdleTime).compareTo(this.lastAccessTime) >= 0;
	}

	@Override
	public Instant getCreationTime() {
		return this.creationTime;
	}

	@Override
	public Instant getLastAccessTime() {
		return this.lastAccessTime;
	}

	void setLastAccessTime(Instant lastAccessTime) {
		this.lastAccessTime = lastAccessTime;
	}

	@Override
	public void setMaxIdleTime(Duration maxIdleTime) {
		if (!maxIdleTime.equals(this.maxIdleTime)) {
			this.maxIdleTime = maxIdleTime;
			this.maxIdleTimeChanged = true;
		}
	}

	@Override
	public Duration getMaxIdleTime() {
		return this.maxIdleTime;
	}

	/**
	 * Attributes that refuse, when they are put, a value that cannot cross to the other
	 * workers, so that the application's stack trace points at the code that puts it.
	 */
	private static final class CheckedAttributes extends HashMap<String, Object> {

		private static final long serialVersionUID = 1L;

		private final transient SessionAttributes codec;

		CheckedAttributes(SessionAttributes codec) {
			this.codec = codec;
		}

		@Override
		public @Nullable Object put(String key, Object value) {
			this.codec.check(key, value);
			return super.put(key, value);
		}

		@Override
		public @Nullable Object putIfAbsent(String key, Object value) {
			this.codec.check(key, value);
			return super.putIfAbsent(key, value);
		}

		@Override
		public void putAll(Map<? extends String, ? extends Object> values) {
			values.forEach(this::put);
		}

	}

}
