package io.github.clustermaster.master.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps the master's own jar safe from a deploy that overwrites it in place. The JVM keeps
 * the jar it was started from open and reads classes from it lazily, by offsets it read at
 * start; {@code cp new.jar app.jar} writes new bytes into that same file (same inode), so
 * the master's next class load reads garbage ({@code NoClassDefFoundError} in whatever
 * thread needed the class). So, once at start, the master puts a copy of its jar in the
 * jar's place (copy beside it, rename over it: same bytes, same time and mode, a new
 * inode): the file it has open is no longer the one a deploy writes to. When that cannot
 * be done (a directory the master may not write, a jar of another owner), it says that a
 * deploy must replace the jar (mv, a symbolic link switch), not overwrite it.
 *
 * @author cluster-master
 */
public final class MasterJar {

	private static final Log logger = LogFactory.getLog(MasterJar.class);

	private MasterJar() {
	}

	/**
	 * Detach the master from the jar file it was started from, if it was started with
	 * {@code -jar}.
	 * @param javaCommand the master's {@code sun.java.command}
	 * @param classPath the master's {@code java.class.path}
	 */
	public static void detach(String javaCommand, String classPath) {
		String main = javaCommand.strip().split("\\s+", 2)[0];
		if (!main.toLowerCase(Locale.ROOT).endsWith(".jar") || !main.equals(classPath)) {
			return;
		}
		Path jar = Path.of(main).toAbsolutePath();
		try {
			Path file = jar.toRealPath();
			Path copy = file.resolveSibling("." + file.getFileName() + ".cluster-master-" + ProcessHandle.current().pid());
			if (!Files.getOwner(file).getName().equals(System.getProperty("user.name"))) {
				throw new IOException("it belongs to " + Files.getOwner(file).getName());
			}
			try {
				Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
				Files.move(copy, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			finally {
				Files.deleteIfExists(copy);
			}
			logger.debug("The master's jar " + file + " is now a copy of the file the master runs from, so a deploy"
					+ " may overwrite it in place");
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("The master runs from " + jar + " and cannot detach from it (" + ex.getMessage()
					+ "): deploy a new jar by replacing the file (mv, a symbolic link switch), never by overwriting it"
					+ " in place (cp), or the master fails on its next class load");
		}
	}

}
