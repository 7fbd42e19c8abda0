package io.github.clustermaster.master.memory;

/**
 * Thrown at start-up when the workers cannot fit in the memory the master sees, or their
 * heap options cannot be read.
 *
 * @author cluster-master
 */
public class MemoryBudgetException extends RuntimeException {

	private final String property;

	private final String action;

	/**
	 * Create the exception.
	 * @param property the property to change
	 * @param description what does not fit
	 * @param action what to do
	 */
	public MemoryBudgetException(String property, String description, String action) {
		super(description);
		this.property = property;
		this.action = action;
	}

	/**
	 * The property to change.
	 * @return the property's name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
