package io.github.clustermaster.supervisor;

import java.util.Locale;

/**
 * How many workers may boot at once: replacements during a rolling restart (each old worker
 * is stopped as soon as one replacement is ready, so the pool never has fewer than
 * {@code size} ready workers and at most {@code size + max-surge} live ones), and new
 * workers at the first start and on a resize. A count, or a percentage of the pool's size
 * rounded up; never less than one.
 *
 * @param value the count, or the percentage
 * @param percent whether {@code value} is a percentage of the size
 * @author cluster-master
 */
public record MaxSurge(int value, boolean percent) {

	/** No bound beyond the pool's size. */
	public static final MaxSurge UNBOUNDED = new MaxSurge(Integer.MAX_VALUE, false);

	/**
	 * Validate the value.
	 * @param value the count, or the percentage
	 * @param percent whether {@code value} is a percentage of the size
	 */
	public MaxSurge {
		if (value < 1 || (percent && value > 100)) {
			throw new IllegalArgumentException(
					"max-surge must be a count of at least 1 or a percentage from 1% to 100%, was " + value
							+ (percent ? "%" : ""));
		}
	}

	/**
	 * Parse a count ({@code 2}) or a percentage of the size ({@code 25%}).
	 * @param text the text
	 * @return the bound
	 * @throws IllegalArgumentException if it is neither
	 */
	public static MaxSurge parse(String text) {
		String trimmed = text.trim().toLowerCase(Locale.ROOT);
		boolean percent = trimmed.endsWith("%");
		String number = percent ? trimmed.substring(0, trimmed.length() - 1).trim() : trimmed;
		try {
			return new MaxSurge(Integer.parseInt(number), percent);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"max-surge must be a count (2) or a percentage of the size (25%), was '" + text + "'");
		}
	}

	/**
	 * The number of workers that may boot at once in a pool of the given size.
	 * @param size the pool's size
	 * @return at least one
	 */
	public int resolve(int size) {
		if (!this.percent) {
			return this.value;
		}
		return Math.max(1, (int) Math.ceil(size * (this.value / 100.0)));
	}

	@Override
	public String toString() {
		return (this == UNBOUNDED) ? "unbounded" : this.value + (this.percent ? "%" : "");
	}

}
