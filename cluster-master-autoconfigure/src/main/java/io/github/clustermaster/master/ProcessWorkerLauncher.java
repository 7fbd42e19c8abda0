package io.github.clustermaster.master;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.clustermaster.ipc.IpcEnvironment;
import io.github.clustermaster.supervisor.WorkerLauncher;
import io.github.clustermaster.supervisor.WorkerProcess;
import io.github.clustermaster.systemd.SystemdEnvironment;
import org.jspecify.annotations.Nullable;

/**
 * Starts workers as operating-system processes with a fixed command line. Each worker gets
 * the master's environment, the given one on top, and its id, generation and the IPC
 * socket; its stdin is the shared listening socket when there is one.
 *
 * @author cluster-master
 */
final class ProcessWorkerLauncher implements WorkerLauncher {

	private static final Set<String> CLASS_PATH_OPTIONS = Set.of("-cp", "-classpath", "--class-path");

	private final List<String> command;

	private final String commandLine;

	private final Path ipcSocket;

	private final @Nullable Redirect stdin;

	private final boolean silent;

	/**
	 * Create a launcher.
	 * @param command the worker's command line
	 * @param ipcSocket the master's IPC socket
	 * @param stdin the redirect that makes the shared listening socket a worker's stdin,
	 * or {@code null} for none
	 * @param silent whether the worker's output is discarded instead of shared with the
	 * master's
	 */
	ProcessWorkerLauncher(List<String> command, Path ipcSocket, @Nullable Redirect stdin, boolean silent) {
		this.command = List.copyOf(command);
		this.commandLine = display(this.command);
		this.ipcSocket = ipcSocket;
		this.stdin = stdin;
		this.silent = silent;
	}

	@Override
	public WorkerProcess launch(int id, int generation, Map<String, String> env) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(this.command);
		Map<String, String> environment = builder.environment();
		// systemd's variables name the master: a worker must not notify in its name
		SystemdEnvironment.MASTER_ONLY.forEach(environment::remove);
		environment.putAll(env);
		environment.put(IpcEnvironment.WORKER_ID, Integer.toString(id));
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
		return new OsWorkerProcess(process, this.commandLine);
	}

	/**
	 * The command line as logged: the class path, often thousands of characters, is
	 * summed up by its number of entries.
	 * @param command the command
	 * @return the command for a log line
	 */
	static String display(List<String> command) {
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

	private record OsWorkerProcess(Process process, String commandLine) implements WorkerProcess {

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
		public void kill() {
			this.process.toHandle().destroyForcibly();
		}

	}

}
