package io.github.clustermaster.worker;

/**
 * {@link SpareGate}s without a master, for tests of other packages.
 *
 * @author cluster-master
 */
public final class SpareGates {

	private SpareGates() {
	}

	/**
	 * A gate of a worker launched as a hot spare, or not.
	 * @param spare whether it was launched as a spare
	 * @return the gate
	 */
	public static SpareGate of(boolean spare) {
		return new SpareGate(spare);
	}

	/**
	 * Promote it as the master's frame would.
	 * @param gate the gate
	 * @param slot the slot it takes
	 */
	public static void promote(SpareGate gate, int slot) {
		gate.promote(1, slot);
	}

}
