package io.github.clustermaster.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * What {@code /proc} says of this machine and its processes.
 *
 * @author cluster-master
 */
public final class Machine {

	private Machine() {
	}

	/** The VmRSS of a process in MiB, or NaN where it cannot be read. */
	public static double rssMebibytes(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux, or the process is gone
		}
		return Double.NaN;
	}

	/** The load average of the last minute as {@code /proc/loadavg} prints it, or {@code unknown}. */
	public static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	/** The load average as a figure of the JSON line. */
	public static @Nullable Double loadAverageFigure() {
		try {
			return Double.parseDouble(loadAverage());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
