package io.github.clustermaster.master;

import io.github.clustermaster.master.upgrade.MasterUpgradeEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * The master's pid file ({@code cluster.master.pid-file}), so that scripts find the master
 * by construction ({@code kill -HUP $(cat cluster-master.pid)}) rather than by matching
 * command lines its workers share. Written, whole or not at all, once the master has bound
 * its port and before it starts its workers; removed when the master stops, after its
 * workers, unless another master has written its own pid there since. A master started by
 * an upgrade writes it when it takes over, not before: until then the old master is the one
 * the file names.
 *
 * @author cluster-master
 */
final class PidFile implements SmartLifecycle, ApplicationListener<MasterUpgradeEvent>, AutoCloseable {

	static final String PROPERTY = "cluster.master.pid-file";

	private static final Log logger = LogFactory.getLog(PidFile.class);

	private final Path path;

	private final String content;

	private final boolean deferred;

	private volatile boolean running;

	PidFile(Path path, long pid) {
		this(path, pid, false);
	}

	/**
	 * Create the pid file.
	 * @param path where it is
	 * @param pid the pid it names
	 * @param deferred whether it is written when this master takes over from the one an
	 * upgrade replaces, rather than when it starts
	 */
	PidFile(Path path, long pid, boolean deferred) {
		this.path = path.toAbsolutePath();
		this.content = pid + "\n";
		this.deferred = deferred;
	}

	@Override
	public void start() {
		if (!this.deferred) {
			write();
		}
		this.running = true;
	}

	@Override
	public void onApplicationEvent(MasterUpgradeEvent event) {
		if (event.kind() == MasterUpgradeEvent.Kind.TOOK_OVER) {
			write();
		}
	}

	private void write() {
		try {
			Path temporary = Files.createTempFile(this.path.getParent(), ".cluster-master-pid-", ".tmp");
			try {
				Files.writeString(temporary, this.content, StandardCharsets.US_ASCII);
				if (Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
					// As pid files are, readable by all (a temporary file is the owner's only)
					Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
				}
				Files.move(temporary, this.path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot write the pid file " + this.path + " (" + PROPERTY + "): " + ex, ex);
		}
		logger.debug("Wrote pid " + this.content.trim() + " to " + this.path);
	}

	@Override
	public void stop() {
		this.running = false;
		close();
	}

	/**
	 * Remove the file unless another master has written it since. Also called when the
	 * bean is destroyed: a context that fails to start may destroy its beans without
	 * stopping them.
	 */
	@Override
	public void close() {
		try {
			if (Files.readString(this.path, StandardCharsets.US_ASCII).equals(this.content)) {
				Files.delete(this.path);
			}
		}
		catch (NoSuchFileException ex) {
			// removed by someone else: nothing to do
		}
		catch (IOException ex) {
			logger.warn("Cannot remove the pid file " + this.path + ": " + ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Start before {@link MasterLifecycle} (which starts the workers) and stop after it.
	 */
	@Override
	public int getPhase() {
		return DEFAULT_PHASE - 1;
	}

	@Override
	public String toString() {
		return this.path.toString();
	}

}
