package io.github.clustermaster.master.launch;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.clustermaster.ipc.IpcEnvironment;
import io.github.clustermaster.release.BootMode;
import io.github.clustermaster.release.ClassDataArchives;
import io.github.clustermaster.release.Release;
import io.github.clustermaster.supervisor.WorkerLauncher;
import io.github.clustermaster.supervisor.WorkerProcess;
import io.github.clustermaster.systemd.SystemdEnvironment;
import org.jspecify.annotations.Nullable;

/**
 * Starts workers as operating-system processes with a fixed command line. Each worker gets
 * the master's environment, the given one on top, and its id, generation and the IPC
 * socket; its stdin is the shared listening socket when there is one. A worker of a
 * release launches the release's prepared jar instead of the one on its command line,
 * with the release's class-data archive once there is one.
 *
 * @author cluster-master
 */
public final class ProcessWorkerLauncher implements WorkerLauncher {

	private static final Set<String> CLASS_PATH_OPTIONS = Set.of("-cp", "-classpath", "--class-path");

	private final List<String> command;

	private final String commandLine;

	private final Path ipcSocket;

	private final @Nullable Redirect stdin;

	private final boolean silent;

	private final @Nullable ClassDataArchives archives;

	private final List<String> masterOnly;

	/**
	 * Create a launcher whose workers of a release boot with class-data archives.
	 * @param command the worker's command line
	 * @param ipcSocket the master's IPC socket
	 * @param stdin the redirect that makes the shared listening socket a worker's stdin,
	 * or {@code null} for none
	 * @param silent whether the worker's output is discarded instead of shared with the
	 * master's
	 * @param archives the class-data archives, or {@code null} for none
	 * @param masterOnly the master's environment variables that workers must not inherit
	 * (those of a master upgrade), besides systemd's
	 */
	public ProcessWorkerLauncher(List<String> command, Path ipcSocket, @Nullable Redirect stdin, boolean silent,
			@Nullable ClassDataArchives archives, Collection<String> masterOnly) {
		this.command = List.copyOf(command);
		this.commandLine = display(this.command);
		this.ipcSocket = ipcSocket;
		this.stdin = stdin;
		this.silent = silent;
		this.archives = archives;
		this.masterOnly = List.copyOf(masterOnly);
	}

	@Override
	public WorkerProcess launch(int id, int generation, Map<String, String> env) throws IOException {
		return launch(id, 0, generation, env, null);
	}

	@Override
	public WorkerProcess launch(int id, int generation, Map<String, String> env, @Nullable Release release)
			throws IOException {
		return launch(id, 0, generation, env, release);
	}

	@Override
	public WorkerProcess launch(int id, int slot, int generation, Map<String, String> env, @Nullable Release release)
			throws IOException {
		if (release == null) {
			return start(this.command, this.commandLine, id, slot, generation, env, "", () -> {
			});
		}
		List<String> command = launching(this.command, release);
		BootMode mode = BootMode.PLAIN;
		Runnable ready = () -> {
		};
		if (this.archives != null) {
			ClassDataArchives.Start start = this.archives.plan(release, command, env);
			command = start.command();
			mode = start.mode();
			ready = start.whenReady();
		}
		return start(command, display(command), id, slot, generation, env,
				", release " + release.shortHash() + ", boots " + ((mode == BootMode.PLAIN) ? "plain" : "with " + mode),
				ready);
	}

	/**
	 * The command with the release's prepared jar in place of the one after {@code -jar}.
	 * @param command the command
	 * @param release the release
	 * @return the command that launches the release
	 */
	static List<String> launching(List<String> command, Release release) {
		List<String> launching = new ArrayList<>(command);
		int jar = launching.indexOf("-jar");
		if (jar < 0 || jar + 1 >= launching.size()) {
			throw new IllegalStateException("A release needs a -jar launch, not " + display(command));
		}
		launching.set(jar + 1, release.launchJar().toString());
		return launching;
	}

	private WorkerProcess start(List<String> command, String commandLine, int id, int slot, int generation,
			Map<String, String> env, String launchNote, Runnable ready) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command);
		Map<String, String> environment = builder.environment();
		// systemd's variables name the master: a worker must not notify in its name
		SystemdEnvironment.MASTER_ONLY.forEach(environment::remove);
		this.masterOnly.forEach(environment::remove);
		environment.putAll(env);
		environment.put(IpcEnvironment.WORKER_ID, Integer.toString(id));
		environment.put(IpcEnvironment.WORKER_SLOT, Integer.toString(slot));
		environment.put(IpcEnvironment.GENERATION, Integer.toString(generation));
		environment.put(IpcEnvironment.SOCKET, this.ipcSocket.toString());
		builder.redirectInput((this.stdin != null) ? this.stdin : Redirect.PIPE);
		Redirect output = this.silent ? Redirect.DISCARD : Redirect.INHERIT;
		builder.redirectOutput(output).redirectError(output);
		Process process = builder.start();
		if (this.stdin == null) {
			// Nothing is ever written: the worker sees end of input, not a stuck read.
			process.getOutputStream().close();
		}
		return new OsWorkerProcess(process, commandLine, launchNote, ready);
	}

	/**
	 * The command line as logged: the class path, often thousands of characters, is
	 * summed up by its number of entries.
	 * @param command the command
	 * @return the command for a log line
	 */
	public static String display(List<String> command) {
		List<String> shown = new ArrayList<>(command);
		for (int i = 1; i < shown.size(); i++) {
			if (CLASS_PATH_OPTIONS.contains(shown.get(i - 1))) {
				int entries = shown.get(i).split(File.pathSeparator, -1).length;
				shown.set(i, "<class path of " + entries + ((entries != 1) ? " entries>" : " entry>"));
			}
		}
		return String.join(" ", shown);
	}

	/**
	 * The command line workers are started with.
	 * @return the command
	 */
	public List<String> command() {
		return this.command;
	}

	private record OsWorkerProcess(Process process, String commandLine, String launchNote,
			Runnable whenReady) implements WorkerProcess {

		@Override
		public void ready() {
			this.whenReady.run();
		}

		@Override
		public long pid() {
			return this.process.pid();
		}

		@Override
		public java.util.concurrent.CompletableFuture<Integer> onExit() {
			return this.process.onExit().thenApply(Process::exitValue);
		}

		@Override
		public void terminate() {
			// Not Process.destroy(): that also closes the pipes to the worker.
			this.process.toHandle().destroy();
		}

		@Override
		public boolean dumpThreads() {
			return signal("CONT") && signal("QUIT");
		}

		private boolean signal(String name) {
			try {
				Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(this.process.pid()))
					.redirectErrorStream(true)
					.redirectOutput(Redirect.DISCARD)
					.start();
				return kill.waitFor(2, TimeUnit.SECONDS) && kill.exitValue() == 0;
			}
			catch (IOException ex) {
				return false;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

		@Override
		public void kill() {
			this.process.toHandle().destroyForcibly();
		}

	}

}
