package io.github.clustermaster.master;

import io.github.clustermaster.master.upgrade.MasterUpgradeEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link PidFile}, on real files.
 */
class PidFileTests {

	@TempDir
	Path directory;

	@Test
	void startingWritesThePidAndStoppingRemovesTheFile() throws IOException {
		Path path = this.directory.resolve("cluster-master.pid");
		PidFile pidFile = new PidFile(path, 4242);
		pidFile.start();
		assertThat(path).hasContent("4242");
		assertThat(Files.readString(path)).isEqualTo("4242\n");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-r--r--");
		assertThat(pidFile.isRunning()).isTrue();
		pidFile.stop();
		assertThat(path).doesNotExist();
		assertThat(this.directory).isEmptyDirectory();
	}

	@Test
	void destroyingTheBeanWithoutStoppingItRemovesTheFileToo() {
		Path path = this.directory.resolve("cluster-master.pid");
		try (PidFile pidFile = new PidFile(path, 4242)) {
			pidFile.start();
			assertThat(path).exists();
		}
		assertThat(path).doesNotExist();
	}

	@Test
	void aMasterStartedByAnUpgradeWritesTheFileWhenItTakesOverAndNotBefore() throws IOException {
		Path path = this.directory.resolve("master.pid");
		new PidFile(path, 4242).start();
		PidFile newMaster = new PidFile(path, 4343, true);
		newMaster.start();
		assertThat(path).hasContent("4242");
		newMaster.onApplicationEvent(new MasterUpgradeEvent(this, MasterUpgradeEvent.Kind.TOOK_OVER, 4242));
		assertThat(path).hasContent("4343");
	}

	@Test
	void aStaleFileOfAMasterThatWasKilledIsReplaced() throws IOException {
		Path path = this.directory.resolve("cluster-master.pid");
		Files.writeString(path, "1\n");
		new PidFile(path, 4242).start();
		assertThat(Files.readString(path)).isEqualTo("4242\n");
	}

	@Test
	void stoppingLeavesTheFileOfAMasterThatWroteItSince() throws IOException {
		Path path = this.directory.resolve("cluster-master.pid");
		PidFile pidFile = new PidFile(path, 4242);
		pidFile.start();
		new PidFile(path, 4343).start();
		pidFile.stop();
		assertThat(Files.readString(path)).isEqualTo("4343\n");
	}

	@Test
	void stoppingAfterTheFileWasRemovedDoesNothing() throws IOException {
		Path path = this.directory.resolve("cluster-master.pid");
		PidFile pidFile = new PidFile(path, 4242);
		pidFile.start();
		Files.delete(path);
		pidFile.stop();
		assertThat(path).doesNotExist();
	}

	@Test
	void aFileThatCannotBeWrittenFailsTheStartNamingThePropertyAndThePath() {
		Path path = this.directory.resolve("gone").resolve("cluster-master.pid");
		assertThatIllegalStateException().isThrownBy(() -> new PidFile(path, 4242).start())
			.withMessageStartingWith("Cannot write the pid file " + path + " (cluster.master.pid-file): ");
	}

	@Test
	void itStartsBeforeTheMastersLifecycleStartsTheWorkersAndStopsAfterIt() {
		assertThat(new PidFile(this.directory.resolve("p"), 1).getPhase()).isLessThan(SmartLifecycle.DEFAULT_PHASE);
	}

}
