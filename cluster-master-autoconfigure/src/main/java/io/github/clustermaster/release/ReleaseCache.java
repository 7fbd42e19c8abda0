package io.github.clustermaster.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The master's cache of prepared releases. {@link #prepare(Path)} copies the jar at the
 * deploy path while hashing it (so what is checked and extracted is exactly what was
 * hashed, whatever happens to the deploy path meanwhile), refuses it unless it is a Spring
 * Boot executable jar, extracts it with Boot's {@code -Djarmode=tools extract} into a
 * temporary directory and renames that into place: a release directory, once it exists, is
 * complete and is never modified. One master at a time owns a cache directory (a lock file
 * says which); a second master of the same application uses a directory of its own.
 *
 * @author cluster-master
 */
public final class ReleaseCache implements AutoCloseable {

	/** The name of the jar workers launch in a release directory. */
	static final String LAUNCH_JAR = "app.jar";

	private static final Log logger = LogFactory.getLog(ReleaseCache.class);

	private static final String BOOT_LAUNCHER_PACKAGE = "org.springframework.boot.loader.";

	private static final String TEMPORARY_PREFIX = ".tmp-";

	private static final Duration EXTRACT_TIMEOUT = Duration.ofMinutes(2);

	/** A temporary entry this old is a leftover of a master that was killed. */
	private static final Duration STALE_TEMPORARY = Duration.ofMinutes(30);

	private final Path directory;

	private final Extractor extractor;

	private final FileChannel lockChannel;

	/** Whether the directory is this master's alone (another held the shared one): deleted on close. */
	private final boolean own;

	private ReleaseCache(Path directory, Extractor extractor, FileChannel lockChannel, boolean own) {
		this.directory = directory;
		this.extractor = extractor;
		this.lockChannel = lockChannel;
		this.own = own;
	}

	/**
	 * Open the cache in a directory, created if needed (mode 0700). When another master holds
	 * it, a sibling directory named after this process is used instead.
	 * @param directory the cache directory
	 * @param java the java executable that extracts releases (the workers')
	 * @return the cache
	 * @throws UncheckedIOException if no directory can be created and locked
	 */
	public static ReleaseCache open(Path directory, String java) {
		return open(directory, (jar, destination, log) -> extract(java, jar, destination, log));
	}

	static ReleaseCache open(Path directory, Extractor extractor) {
		Path candidate = directory.toAbsolutePath().normalize();
		FileChannel channel = lock(candidate);
		boolean own = channel == null;
		if (channel == null) {
			Path ownDirectory = candidate.resolveSibling(candidate.getFileName() + "-" + ProcessHandle.current().pid());
			logger.info("Another master uses the release cache " + candidate + "; this one uses " + ownDirectory
					+ " until it exits");
			candidate = ownDirectory;
			channel = lock(candidate);
			if (channel == null) {
				throw new IllegalStateException("Cannot lock the release cache " + candidate);
			}
		}
		return new ReleaseCache(candidate, extractor, channel, own);
	}

	private static @Nullable FileChannel lock(Path directory) {
		try {
			createPrivateDirectories(directory);
			FileChannel channel = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				lock = null;
			}
			if (lock == null) {
				channel.close();
				return null;
			}
			return channel;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the release cache " + directory + ": " + ex.getMessage(), ex);
		}
	}

	private static void createPrivateDirectories(Path directory) throws IOException {
		if (Files.isDirectory(directory)) {
			return;
		}
		Path parent = directory.getParent();
		if (parent != null) {
			createPrivateDirectories(parent);
		}
		try {
			Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		catch (FileAlreadyExistsException ex) {
			// another master made it meanwhile
		}
		catch (UnsupportedOperationException ex) {
			Files.createDirectories(directory);
		}
	}

	/**
	 * The default cache directory of a deploy path: {@code $XDG_CACHE_HOME/cluster-master}
	 * or {@code ~/.cache/cluster-master} when the home directory is writable, else
	 * {@code ${java.io.tmpdir}/cluster-master-<user>}; then a directory named after a hash of
	 * the deploy path, so masters of different applications never meet.
	 * @param deployPath the deploy path of the application
	 * @return the directory
	 */
	public static Path defaultDirectory(Path deployPath) {
		String key = sha256(deployPath.toAbsolutePath().normalize().toString()).substring(0, 12);
		String name = deployPath.getFileName().toString().replaceAll("(?i)\\.jar$", "").replaceAll("[^A-Za-z0-9._-]", "_");
		return base().resolve(name + "-" + key);
	}

	private static Path base() {
		String xdg = System.getenv("XDG_CACHE_HOME");
		if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
			return Path.of(xdg, "cluster-master");
		}
		Path home = Path.of(System.getProperty("user.home", "/nonexistent"));
		if (Files.isDirectory(home) && Files.isWritable(home)) {
			return home.resolve(".cache").resolve("cluster-master");
		}
		return Path.of(System.getProperty("java.io.tmpdir"), "cluster-master-" + System.getProperty("user.name", "user"));
	}

	/**
	 * The directory this cache lives in.
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Prepare the jar at the deploy path: the release of that content, extracted now unless
	 * it already is.
	 * @param deployPath the jar to prepare (followed if it is a symbolic link)
	 * @return the release
	 * @throws InvalidReleaseException if the jar is missing, unreadable, truncated, not a
	 * Spring Boot executable jar, or cannot be extracted
	 */
	public Release prepare(Path deployPath) {
		if (!Files.exists(deployPath)) {
			throw new InvalidReleaseException("Release refused: " + deployPath + " does not exist");
		}
		if (!Files.isRegularFile(deployPath) || !Files.isReadable(deployPath)) {
			throw new InvalidReleaseException("Release refused: " + deployPath + " is not a readable file");
		}
		Path work = this.directory.resolve(TEMPORARY_PREFIX + UUID.randomUUID());
		try {
			Files.createDirectory(work);
			Path copy = work.resolve(LAUNCH_JAR);
			String hash = copyHashing(deployPath, copy);
			Path release = this.directory.resolve(directoryName(hash));
			if (Files.isDirectory(release)) {
				return new Release(hash, deployPath, release, Files.getLastModifiedTime(release).toInstant());
			}
			validate(copy, deployPath);
			Path extracted = work.resolve("release");
			try {
				this.extractor.extract(copy, extracted, work.resolve("extract.log"));
			}
			catch (InvalidReleaseException ex) {
				throw new InvalidReleaseException(
						Objects.requireNonNull(ex.getMessage()).replace("Release refused: ", "Release refused: " + deployPath + ": "));
			}
			if (!Files.isRegularFile(extracted.resolve(LAUNCH_JAR))) {
				throw new InvalidReleaseException("Release refused: extracting " + deployPath + " gave no "
						+ LAUNCH_JAR + ": " + lastLine(work.resolve("extract.log")));
			}
			try {
				Files.move(extracted, release, StandardCopyOption.ATOMIC_MOVE);
				logger.info("Prepared " + deployPath + " as release " + hash.substring(0, 12) + " in " + release);
			}
			catch (FileAlreadyExistsException | DirectoryNotEmptyException ex) {
				// prepared meanwhile by another call: the same content
			}
			return new Release(hash, deployPath, release, Instant.now());
		}
		catch (AtomicMoveNotSupportedException ex) {
			throw new IllegalStateException("The release cache " + this.directory + " cannot rename atomically", ex);
		}
		catch (IOException ex) {
			throw new InvalidReleaseException(
					"Release refused: " + deployPath + " could not be read or prepared: " + oneLine(ex));
		}
		finally {
			deleteRecursively(work);
		}
	}

	private static String copyHashing(Path source, Path target) throws IOException {
		MessageDigest digest = sha256();
		try (InputStream in = new DigestInputStream(Files.newInputStream(source), digest);
				OutputStream out = Files.newOutputStream(target)) {
			in.transferTo(out);
		}
		// Extraction copies this time onto app.jar, and class-data archives check it.
		Files.setLastModifiedTime(target, Files.getLastModifiedTime(source));
		return HexFormat.of().formatHex(digest.digest());
	}

	/**
	 * Refuse what is not a complete Spring Boot executable jar.
	 * @param jar the copy to check
	 * @param deployPath the path named in the message
	 * @throws InvalidReleaseException if it is not one, saying why
	 */
	public static void validate(Path jar, Path deployPath) {
		Manifest manifest;
		try (JarFile file = new JarFile(jar.toFile())) {
			// Opening reads the central directory at the end: a truncated jar fails here.
			manifest = file.getManifest();
		}
		catch (IOException | RuntimeException ex) {
			throw new InvalidReleaseException("Release refused: " + deployPath
					+ " is not a complete jar (truncated or corrupt?): " + oneLine(ex));
		}
		if (manifest == null) {
			throw new InvalidReleaseException(
					"Release refused: " + deployPath + " is not a Spring Boot executable jar (it has no manifest)");
		}
		Attributes attributes = manifest.getMainAttributes();
		String mainClass = attributes.getValue(Attributes.Name.MAIN_CLASS);
		if (attributes.getValue("Start-Class") == null || mainClass == null
				|| !mainClass.startsWith(BOOT_LAUNCHER_PACKAGE)) {
			throw new InvalidReleaseException("Release refused: " + deployPath
					+ " is not a Spring Boot executable jar (its manifest needs a Start-Class and Boot's launcher as "
					+ "Main-Class, has Main-Class " + mainClass + ")");
		}
	}

	private static void extract(String java, Path jar, Path destination, Path log) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(java, "-Djarmode=tools", "-jar", jar.toString(), "extract",
				"--destination", destination.toString());
		builder.redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(
				Path.of("/dev/null").toFile()));
		Process process = builder.start();
		try {
			if (!process.waitFor(EXTRACT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new InvalidReleaseException("Release refused: extracting it took over "
						+ EXTRACT_TIMEOUT.toSeconds() + " s");
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new InvalidReleaseException("Release refused: interrupted while extracting it");
		}
		if (process.exitValue() != 0) {
			throw new InvalidReleaseException("Release refused: java -Djarmode=tools extract failed with exit code "
					+ process.exitValue() + ": " + lastLine(log));
		}
	}

	/**
	 * Extracts a checked jar into Boot's extracted layout.
	 */
	@FunctionalInterface
	interface Extractor {

		/**
		 * Extract a jar.
		 * @param jar the jar, named {@code app.jar}
		 * @param destination the directory to create, with {@code app.jar} in it
		 * @param log where the extraction's output goes
		 * @throws IOException if the extraction cannot run
		 */
		void extract(Path jar, Path destination, Path log) throws IOException;

	}

	/**
	 * Remove every release, and its class-data archives, but the given ones; and leftovers
	 * of preparations that a killed master did not finish.
	 * @param keep the releases to keep
	 */
	public void prune(Collection<Release> keep) {
		Set<String> kept = keep.stream().map((release) -> directoryName(release.hash())).collect(Collectors.toSet());
		Instant staleBefore = Instant.now().minus(STALE_TEMPORARY);
		try (Stream<Path> entries = Files.list(this.directory)) {
			for (Path entry : entries.toList()) {
				String name = entry.getFileName().toString();
				if (name.equals(".lock")) {
					continue;
				}
				if (name.startsWith(TEMPORARY_PREFIX) || name.startsWith(".")) {
					if (lastModified(entry).isBefore(staleBefore)) {
						deleteRecursively(entry);
					}
					continue;
				}
				String release = name.split("[-.]", 2)[0];
				if (!kept.contains(release)) {
					logger.info("Removing " + entry + " from the release cache: no worker runs it");
					deleteRecursively(entry);
				}
			}
		}
		catch (IOException ex) {
			logger.warn("Could not prune the release cache " + this.directory + ": " + ex.getMessage());
		}
	}

	/**
	 * The name of a release's directory; its class-data archives start with it too.
	 * @param hash the release hash
	 * @return the name
	 */
	static String directoryName(String hash) {
		return hash.substring(0, 16);
	}

	/**
	 * Release the directory's lock; a directory of this master's alone is deleted.
	 */
	@Override
	public void close() {
		try {
			this.lockChannel.close();
		}
		catch (IOException ex) {
			// the lock goes with the process anyway
		}
		if (this.own) {
			deleteRecursively(this.directory);
		}
	}

	private static Instant lastModified(Path path) {
		try {
			return Files.getLastModifiedTime(path).toInstant();
		}
		catch (IOException ex) {
			return FileTime.fromMillis(0).toInstant();
		}
	}

	static void deleteRecursively(Path path) {
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try (Stream<Path> tree = Files.walk(path)) {
			for (Path each : tree.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(each);
			}
		}
		catch (IOException ex) {
			logger.warn("Could not delete " + path + ": " + ex.getMessage());
		}
	}

	static String lastLine(Path log) {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			for (int i = lines.size() - 1; i >= 0; i--) {
				if (!lines.get(i).isBlank()) {
					return lines.get(i).strip();
				}
			}
			return "(no output)";
		}
		catch (IOException ex) {
			return "(no output)";
		}
	}

	private static String oneLine(Throwable ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		return message.lines().findFirst().orElse(message);
	}

	static String sha256(String text) {
		return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
