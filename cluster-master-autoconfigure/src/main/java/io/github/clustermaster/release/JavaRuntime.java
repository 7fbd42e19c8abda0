package io.github.clustermaster.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

/**
 * The JVM a worker runs on, as far as a class-data archive depends on it: its home (real
 * path), its release file (version, vendor, build) and its feature version.
 *
 * @param home the real java.home
 * @param identity what identifies the build: the release file's content
 * @param feature the feature version, e.g. 17 or 25
 * @author cluster-master
 */
record JavaRuntime(Path home, String identity, int feature) {

	/**
	 * The runtime of a java executable, from the {@code release} file of its home.
	 * @param java the java executable, {@code <home>/bin/java}
	 * @return the runtime, or {@code null} when it cannot be told
	 */
	static @Nullable JavaRuntime of(String java) {
		try {
			Path executable = Path.of(java).toRealPath();
			Path bin = executable.getParent();
			Path home = (bin != null) ? bin.getParent() : null;
			if (home == null || !Files.isRegularFile(home.resolve("release"))) {
				return null;
			}
			String release = Files.readString(home.resolve("release"));
			Properties properties = new Properties();
			properties.load(new java.io.StringReader(release));
			String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
			int feature = Integer.parseInt(version.split("[.+-]", 2)[0]);
			return new JavaRuntime(home, release + "\n" + Files.size(executable), feature);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * The key of an archive for this runtime and the given JVM options: a different JVM or
	 * any different option (GC, heap, modules, agents, properties) gives another archive.
	 * @param jvmOptions the workers' JVM options
	 * @return the key
	 */
	String key(List<String> jvmOptions) {
		return ReleaseCache.sha256(this.home + "\n" + this.identity + "\n" + String.join("\u0000", jvmOptions))
			.substring(0, 12);
	}

}
