package io.github.clustermaster.session.reactive;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.ipc.SessionData;
import io.github.clustermaster.session.FoundSession;
import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionChanges;
import io.github.clustermaster.session.SessionStoreClient;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.server.WebSession;

/**
 * A {@link WebSession} of the pool's store as one exchange sees it. Its attributes are
 * read when it is found (shared with the other exchanges that found the same copy);
 * {@link #save()} sends those put anew, those changed in place
 * ({@link SessionAttributes#changedInPlace}) and the names removed, and nothing when
 * nothing changed.
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

	/** The attributes as they were found, and what was remembered of each. */
	private final Map<String, Read> read = new HashMap<>();

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

	PoolWebSession(SessionStoreClient store, SessionAttributes codec, FoundSession found) {
		SessionData data = found.data();
		this.store = store;
		this.codec = codec;
		this.id = data.id();
		this.storedId = data.id();
		this.creationTime = Instant.ofEpochMilli(data.creationTime());
		this.lastAccessTime = Instant.ofEpochMilli(data.lastAccessedTime());
		this.maxIdleTime = Duration.ofSeconds(data.maxInactiveSeconds());
		this.stored = new HashMap<>(data.attributes());
		Map<String, Object> attributes = new CheckedAttributes(codec);
		for (String name : data.attributes().keySet()) {
			Object value = found.attribute(name, codec);
			if (value != null) {
				attributes.put(name, value);
				this.read.put(name, new Read(value, codec.mark(value)));
			}
		}
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
				Read read = this.read.get(name);
				byte[] bytes = (read != null && read.value() == value)
						? this.codec.changedInPlace(name, value, read.mark(), this.stored.get(name))
						: changed(name, value);
				if (bytes != null) {
					changed.put(name, bytes);
				}
			});
			Set<String> removed = new HashSet<>(this.stored.keySet());
			removed.removeAll(this.attributes.keySet());
			SessionCall call = SessionChanges.saveCall(this.storedId,
					new SessionChanges.Saved(this.id, this.creationTime.toEpochMilli(), this.maxIdleTime.toSeconds()),
					changed, List.copyOf(removed), this.maxIdleTimeChanged);
			if (call == null) {
				return Mono.empty();
			}
			return Mono.fromFuture(() -> this.store.callAsync(call)).then(Mono.fromRunnable(() -> {
				this.stored.putAll(changed);
				removed.forEach(this.stored::remove);
				changed.keySet().forEach(this.read::remove);
				this.storedId = this.id;
				this.maxIdleTimeChanged = false;
			}));
		});
	}

	private byte @Nullable [] changed(String name, Object value) {
		byte[] bytes = this.codec.serialize(name, value);
		return Arrays.equals(bytes, this.stored.get(name)) ? null : bytes;
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

	private record Read(Object value, Object mark) {

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
