package io.github.clustermaster.ipc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcDirectories}: a master's directory names it, and the directories of
 * masters that are gone (a real process that ended, a pid reused by another) are removed,
 * never a live master's, one that names nobody yet or a master's of another pid namespace.
 */
class IpcDirectoriesTests {

	@TempDir
	Path tmp;

	@Test
	void aNewDirectoryIsPrivateAndNamesThisMaster() throws IOException {
		Path directory = IpcDirectories.create();
		try {
			assertThat(directory.getFileName().toString()).startsWith(IpcDirectories.PREFIX);
			assertThat(Files.getPosixFilePermissions(directory)).hasSize(3);
			assertThat(Files.readString(directory.resolve(IpcDirectories.OWNER)))
				.isEqualTo(IpcDirectories.owner(ProcessHandle.current()));
		}
		finally {
			org.springframework.util.FileSystemUtils.deleteRecursively(directory);
		}
	}

	@Test
	void theDirectoriesOfMastersThatAreGoneAreRemovedAndNoOther() throws Exception {
		Process ended = new ProcessBuilder("true").start();
		String endedOwner = IpcDirectories.owner(ended.toHandle());
		assertThat(ended.waitFor(10, TimeUnit.SECONDS)).isTrue();
		Path own = directory("own", IpcDirectories.owner(ProcessHandle.current()));
		Path gone = directory("gone", endedOwner);
		ProcessHandle self = ProcessHandle.current();
		long started = self.info().startInstant().orElseThrow().toEpochMilli();
		Path reused = directory("reused", self.pid() + " " + (started - 60_000) + "\n");
		Path live = directory("live", IpcDirectories.owner(ProcessHandle.current()));
		Path making = directory("making", null);
		Path garbled = directory("garbled", "not a pid\n");
		Path other = Files.createDirectory(this.tmp.resolve("other-" + 1));
		Files.writeString(other.resolve(IpcDirectories.OWNER), endedOwner);
		// a master of a container's pid namespace: its pid names nothing (or another process) here
		Path elsewhere = directory("elsewhere", endedOwner.trim().replaceFirst(" pid:\\[\\d+\\]$", "")
				+ " pid:[1]\n");
		// an earlier version's file, without the namespace: judged as before
		Path earlier = directory("earlier", endedOwner.trim().replaceFirst(" pid:\\[\\d+\\]$", "") + "\n");

		assertThat(IpcDirectories.removeStale(this.tmp, own)).isEqualTo(3);
		assertThat(gone).doesNotExist();
		assertThat(reused).doesNotExist();
		assertThat(own).exists();
		assertThat(live).exists();
		assertThat(making).exists();
		assertThat(garbled).exists();
		assertThat(other).exists();
		assertThat(elsewhere).exists();
		assertThat(earlier).doesNotExist();
	}

	@Test
	void aMasterIsNamedWithItsPidNamespace() {
		String namespace = IpcDirectories.namespace(Path.of("/proc/self/ns/pid"));
		assertThat(namespace).matches("pid:\\[\\d+\\]");
		assertThat(IpcDirectories.owner(ProcessHandle.current())).endsWith(" " + namespace + "\n");
		assertThat(IpcDirectories.namespace(this.tmp.resolve("no-such-link"))).isEmpty();
	}

	private Path directory(String name, String owner) throws IOException {
		Path directory = Files.createDirectory(this.tmp.resolve(IpcDirectories.PREFIX + name));
		Files.writeString(directory.resolve(IpcServer.SOCKET_NAME), "");
		if (owner != null) {
			Files.writeString(directory.resolve(IpcDirectories.OWNER), owner);
		}
		return directory;
	}

}
