package io.github.clustermaster.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ConfigurableObjectInputStream;

/**
 * Serializes session attributes for the pool's store with Java serialization, as
 * Tomcat's persistent sessions and Spring Session do, and reads them back with the
 * application's class loader.
 *
 * @author cluster-master
 */
public final class SessionAttributes {

	private static final Log logger = LogFactory.getLog(SessionAttributes.class);

	private final @Nullable ClassLoader classLoader;

	/**
	 * Create a codec.
	 * @param classLoader the application's class loader, or {@code null} for the thread's
	 */
	public SessionAttributes(@Nullable ClassLoader classLoader) {
		this.classLoader = classLoader;
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

}
