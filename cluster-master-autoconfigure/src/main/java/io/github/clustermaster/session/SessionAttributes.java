package io.github.clustermaster.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ConfigurableObjectInputStream;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.util.ClassUtils;

/**
 * Serializes session attributes for the pool's store with Java serialization, as
 * Tomcat's persistent sessions and Spring Session do, and reads them back with the
 * application's class loader.
 * <p>
 * An attribute read may be changed in place by the application (Tomcat's in-memory
 * sessions allow that), so what a request read is checked at its end: by a mark taken
 * when it was read ({@link #mark}, {@link #changedInPlace}). A value of a type that cannot
 * change needs no check, Spring Security's {@code SecurityContextImpl} is checked by its
 * authentication (the one thing it holds), and any other value by its serialized form.
 *
 * @author cluster-master
 */
public final class SessionAttributes {

	private static final Log logger = LogFactory.getLog(SessionAttributes.class);

	/** Types whose values cannot change once made: read, they need no check. */
	private static final Set<Class<?>> UNCHANGEABLE = Set.of(String.class, Boolean.class, Character.class, Byte.class,
			Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class,
			UUID.class, Locale.class, Instant.class, LocalDate.class, LocalTime.class, LocalDateTime.class,
			OffsetDateTime.class, ZonedDateTime.class, Duration.class);

	/** The mark of a value that cannot change. */
	private static final Object NO_CHANGE = new Object();

	/** The mark of a value checked by its serialized form. */
	private static final Object BY_BYTES = new Object();

	private final @Nullable ClassLoader classLoader;

	private final boolean security;

	/**
	 * Create a codec.
	 * @param classLoader the application's class loader, or {@code null} for the thread's
	 */
	public SessionAttributes(@Nullable ClassLoader classLoader) {
		this.classLoader = classLoader;
		this.security = ClassUtils.isPresent("org.springframework.security.core.context.SecurityContextImpl",
				classLoader);
	}

	/**
	 * What to remember of an attribute as it was read, for {@link #changedInPlace}.
	 * @param value the value read
	 * @return its mark
	 */
	public Object mark(Object value) {
		if (UNCHANGEABLE.contains(value.getClass()) || value instanceof Enum<?>) {
			return NO_CHANGE;
		}
		SecurityContextMark context = this.security ? SecurityContexts.mark(value) : null;
		return (context != null) ? context : BY_BYTES;
	}

	/**
	 * Whether an attribute read was changed in place since, and if so its new form.
	 * @param name the attribute's name
	 * @param value its value now
	 * @param mark its {@link #mark} when it was read, or {@code null} when none was taken
	 * @param stored its serialized form as the store holds it
	 * @return its serialized form when it changed, {@code null} when it did not
	 * @throws NotSerializableAttributeException if it changed into something that cannot
	 * be serialized
	 */
	public byte @Nullable [] changedInPlace(String name, Object value, @Nullable Object mark,
			byte @Nullable [] stored) {
		if (mark == NO_CHANGE
				|| (mark instanceof SecurityContextMark context && SecurityContexts.holds(value, context))) {
			return null;
		}
		byte[] bytes = serialize(name, value);
		return Arrays.equals(bytes, stored) ? null : bytes;
	}

	/**
	 * Check, before it is set, that an attribute can cross to the other workers, so that
	 * the application's stack trace points at the code that sets it.
	 * @param name the attribute's name
	 * @param value its value
	 * @throws NotSerializableAttributeException if it cannot
	 */
	public void check(String name, @Nullable Object value) {
		if (value != null && !(value instanceof Serializable)) {
			throw new NotSerializableAttributeException(name, value, value.getClass().getName());
		}
	}

	/**
	 * Serialize an attribute.
	 * @param name the attribute's name
	 * @param value its value
	 * @return the bytes
	 * @throws NotSerializableAttributeException if it, or an object it holds, is not
	 * serializable
	 */
	public byte[] serialize(String name, Object value) {
		check(name, value);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		catch (NotSerializableException ex) {
			throw new NotSerializableAttributeException(name, value, ex.getMessage());
		}
		catch (IOException ex) {
			throw new NotSerializableAttributeException(name, value, ex.toString());
		}
		return bytes.toByteArray();
	}

	/**
	 * Read an attribute back; one that no longer reads (its class changed or is gone in
	 * this release) is dropped with a warning, as Tomcat drops a session it cannot load.
	 * @param name the attribute's name
	 * @param bytes its bytes
	 * @return its value, or {@code null} when it cannot be read
	 */
	public @Nullable Object deserialize(String name, byte[] bytes) {
		ClassLoader loader = (this.classLoader != null) ? this.classLoader
				: Thread.currentThread().getContextClassLoader();
		try (ConfigurableObjectInputStream in = new ConfigurableObjectInputStream(new ByteArrayInputStream(bytes),
				loader)) {
			return in.readObject();
		}
		catch (IOException | ClassNotFoundException | RuntimeException ex) {
			logger.warn("Dropped the session attribute '" + name + "': it cannot be read in this worker (" + ex
					+ "); was its class changed or removed in this release?");
			return null;
		}
	}

	/**
	 * Spring Security's context as it was read: the authentication it held, which the
	 * application replaces ({@code setAuthentication}) rather than changes.
	 */
	private record SecurityContextMark(@Nullable Object authentication) {

	}

	/** What touches Spring Security, loaded only when it is on the class path. */
	private static final class SecurityContexts {

		static @Nullable SecurityContextMark mark(Object value) {
			return (value.getClass() == SecurityContextImpl.class)
					? new SecurityContextMark(((SecurityContextImpl) value).getAuthentication()) : null;
		}

		static boolean holds(Object value, SecurityContextMark mark) {
			return value.getClass() == SecurityContextImpl.class
					&& ((SecurityContextImpl) value).getAuthentication() == mark.authentication();
		}

	}

}
