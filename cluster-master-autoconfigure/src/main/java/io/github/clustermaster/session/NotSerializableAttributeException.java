package io.github.clustermaster.session;

/**
 * A session attribute cannot cross to the pool's other workers: it, or an object it
 * holds, is not serializable.
 *
 * @author cluster-master
 */
public class NotSerializableAttributeException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String attribute;

	/**
	 * Create an exception.
	 * @param attribute the attribute's name
	 * @param value its value
	 * @param culprit the class that is not serializable (the value's or one it holds)
	 */
	public NotSerializableAttributeException(String attribute, Object value, String culprit) {
		super("The session attribute '" + attribute + "' (" + value.getClass().getName()
				+ ") cannot be shared by the pool's workers: " + (culprit.equals(value.getClass().getName())
						? "its class" : culprit + ", an object it holds,")
				+ " does not implement java.io.Serializable. Make it serializable, keep it out of the session, or "
				+ "keep sessions per worker with cluster.master.sessions.enabled=false");
		this.attribute = attribute;
	}

	/**
	 * The attribute's name.
	 * @return the name
	 */
	public String getAttribute() {
		return this.attribute;
	}

}
