package io.github.clustermaster.sample.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import io.github.clustermaster.testsupport.ClusterProcess;

/**
 * Finds the repackaged Spring Boot jar of the sample app, {@code target/sample-app-*.jar}.
 * It exists once {@code package} has run, so tests that need it are integration tests run
 * by failsafe.
 *
 * @author cluster-master
 */
public final class SampleJar {

	private static final String MODULE = "sample-app";

	/**
	 * The JVM options of every master a test starts, which its workers (and the training
	 * runs of their class-data archives) inherit: C1 only and the serial collector halve
	 * the CPU a Boot start costs on a machine of two cores (the sample standalone: 6-8 s of
	 * CPU instead of 13-17 s), and the tests look at what the pool does, not at peak
	 * throughput.
	 */
	private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

	private SampleJar() {
	}

	/**
	 * Start describing a master that runs {@code java -jar} with the sample app's jar.
	 * @return a builder
	 * @throws IllegalStateException if there is no jar
	 */
	public static ClusterProcess.Builder master() {
		return ClusterProcess.jar(locate()).jvmArgs(jvmOptions());
	}

	/**
	 * The JVM options of every master a test starts, for a master started otherwise than
	 * by {@link #master()}: C1 only and the serial collector.
	 * @return the options
	 */
	public static String[] jvmOptions() {
		return JVM_OPTIONS.toArray(String[]::new);
	}

	/**
	 * A command line that runs {@code java} with the {@link #jvmOptions() options} and then
	 * the given arguments, for a master started through another program.
	 * @param arguments what follows the options, e.g. {@code -jar} and the jar
	 * @return the command line
	 */
	public static List<String> java(String... arguments) {
		List<String> command = new java.util.ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(JVM_OPTIONS);
		command.addAll(List.of(arguments));
		return command;
	}

	/**
	 * Locate the jar relative to the working directory, which Maven sets to the module
	 * directory; an IDE that runs from the project root works too.
	 * @return the jar
	 * @throws IllegalStateException if there is no jar
	 */
	public static Path locate() {
		Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
		Path module = Files.isDirectory(cwd.resolve(MODULE)) ? cwd.resolve(MODULE) : cwd;
		return locate(module);
	}

	/**
	 * Locate the newest {@code sample-app-*.jar} in the {@code target} directory of a
	 * module, skipping sources, javadoc and test jars.
	 * @param moduleDirectory the {@code sample-app} module directory
	 * @return the jar
	 * @throws IllegalStateException if there is no jar
	 */
	public static Path locate(Path moduleDirectory) {
		Path target = moduleDirectory.resolve("target");
		List<Path> jars = candidates(target);
		if (jars.isEmpty()) {
			throw new IllegalStateException("Expected the repackaged jar " + target.resolve(MODULE + "-*.jar")
					+ " but found none; build it with 'mvn -pl sample-app -am package -DskipTests'"
					+ " or run integration tests with 'mvn verify'");
		}
		return jars.get(0);
	}

	private static List<Path> candidates(Path target) {
		if (!Files.isDirectory(target)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(target)) {
			return files.filter(Files::isRegularFile)
				.filter((file) -> isApplicationJar(file.getFileName().toString()))
				.sorted(Comparator.comparing(SampleJar::lastModified).reversed())
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not list " + target, ex);
		}
	}

	private static boolean isApplicationJar(String name) {
		return name.startsWith(MODULE + "-") && name.endsWith(".jar") && !name.endsWith("-sources.jar")
				&& !name.endsWith("-javadoc.jar") && !name.endsWith("-tests.jar") && !name.endsWith("-test-sources.jar");
	}

	private static FileTime lastModified(Path file) {
		try {
			return Files.getLastModifiedTime(file);
		}
		catch (IOException ex) {
			return FileTime.fromMillis(0);
		}
	}

	/**
	 * A release of the sample: its jar with an {@code application.properties} of its own
	 * that sets the given properties (nested jars stay stored, as Boot's launcher needs).
	 * @param target where to write the jar
	 * @param properties the properties the release sets
	 * @return the target
	 * @throws IOException if the jar cannot be read or written
	 */
	public static Path release(Path target, Map<String, String> properties) throws IOException {
		StringBuilder text = new StringBuilder();
		properties.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
		try (ZipFile sample = new ZipFile(locate().toFile());
				OutputStream file = Files.newOutputStream(target);
				ZipOutputStream out = new ZipOutputStream(file)) {
			for (Enumeration<? extends ZipEntry> entries = sample.entries(); entries.hasMoreElements();) {
				ZipEntry entry = entries.nextElement();
				ZipEntry copy = (entry.getMethod() == ZipEntry.STORED) ? new ZipEntry(entry) : new ZipEntry(entry.getName());
				copy.setTime(entry.getTime());
				out.putNextEntry(copy);
				try (InputStream in = sample.getInputStream(entry)) {
					in.transferTo(out);
				}
				out.closeEntry();
			}
			out.putNextEntry(new ZipEntry("BOOT-INF/classes/application.properties"));
			out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.closeEntry();
		}
		return target;
	}

}
