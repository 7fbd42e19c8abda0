package io.github.clustermaster.session;

import java.util.Locale;

/**
 * Sizes in words a person reads: {@code 512B}, {@code 12.3KB}, {@code 64MB}.
 *
 * @author cluster-master
 */
final class DataSizes {

	private DataSizes() {
	}

	static String format(long bytes) {
		if (bytes < 1024) {
			return bytes + "B";
		}
		if (bytes < 1024 * 1024) {
			return String.format(Locale.ROOT, "%.1fKB", bytes / 1024.0);
		}
		return String.format(Locale.ROOT, "%.1fMB", bytes / (1024.0 * 1024));
	}

}
