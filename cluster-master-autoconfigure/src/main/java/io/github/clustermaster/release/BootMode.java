package io.github.clustermaster.release;

import java.nio.file.Path;
import java.util.List;

/**
 * How a worker's JVM boots: without a class-data archive, with a dynamic CDS archive
 * (JDK 17 to 24), or with the AOT cache (JDK 25 and later).
 *
 * @author cluster-master
 */
public enum BootMode {

	/** No class-data archive of the application. */
	PLAIN("plain"),

	/** A dynamic CDS archive ({@code -XX:SharedArchiveFile}). */
	CDS("CDS") {

		@Override
		List<String> trainingOptions(Path output) {
			return List.of("-XX:ArchiveClassesAtExit=" + output);
		}

		@Override
		List<String> options(Path archive) {
			return List.of("-XX:SharedArchiveFile=" + archive);
		}

		@Override
		List<String> strictOptions(Path archive) {
			return List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive);
		}

	},

	/** The AOT cache ({@code -XX:AOTCache}, JEP 483 and 514). */
	AOT_CACHE("AOT cache") {

		@Override
		List<String> trainingOptions(Path output) {
			return List.of("-XX:AOTCacheOutput=" + output);
		}

		@Override
		List<String> options(Path archive) {
			return List.of("-XX:AOTCache=" + archive);
		}

		@Override
		List<String> strictOptions(Path archive) {
			return List.of("-XX:AOTMode=on", "-XX:AOTCache=" + archive);
		}

	};

	private final String label;

	BootMode(String label) {
		this.label = label;
	}

	/**
	 * The mode of a JVM's feature version: the AOT cache from 25 on (one-step training),
	 * dynamic CDS before.
	 * @param feature the JDK feature version
	 * @return the mode
	 */
	static BootMode forJdk(int feature) {
		return (feature >= 25) ? AOT_CACHE : CDS;
	}

	/**
	 * The file extension of this mode's archive.
	 * @return the extension, with its dot
	 */
	String extension() {
		return (this == AOT_CACHE) ? ".aot" : ".jsa";
	}

	List<String> trainingOptions(Path output) {
		return List.of();
	}

	/** The options a worker boots with. */
	List<String> options(Path archive) {
		return List.of();
	}

	/** The options that make the JVM exit when it cannot map the archive. */
	List<String> strictOptions(Path archive) {
		return List.of();
	}

	@Override
	public String toString() {
		return this.label;
	}

}
