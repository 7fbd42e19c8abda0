package io.github.clustermaster.master;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.github.clustermaster.master.launch.ProcessWorkerLauncher;
import org.jspecify.annotations.Nullable;

/**
 * A worker's command line, built from the master's own: the same java, the master's JVM
 * options less those two JVMs cannot share, the same {@code -jar} or {@code -cp} and main
 * class, the application's arguments, then the worker profile and the configured extras.
 * <p>
 * The master's context holds it as a bean, built from {@link ClusterMasterProperties}
 * and then handed to every {@link WorkerCommandLineCustomizer} in order; the JVM options
 * and the program arguments can be changed there. Declare a bean of this type in a
 * {@link ClusterMasterConfiguration @ClusterMasterConfiguration} class to replace it.
 *
 * @author cluster-master
 */
public final class WorkerCommandLine {

	private static final String PROFILES_INCLUDE = "spring.profiles.include";

	private final String java;

	private final List<String> jvmArgs;

	private final List<String> target;

	private final List<String> args;

	/**
	 * Create a command line.
	 * @param java the java executable
	 * @param jvmArgs the JVM options
	 * @param target what the JVM runs: {@code -jar <jar>} or {@code -cp <class path> <main class>}
	 * @param args the program arguments
	 */
	public WorkerCommandLine(String java, List<String> jvmArgs, List<String> target, List<String> args) {
		this.java = java;
		this.jvmArgs = new ArrayList<>(jvmArgs);
		this.target = List.copyOf(target);
		this.args = new ArrayList<>(args);
	}

	/**
	 * The java executable.
	 * @return the executable
	 */
	public String java() {
		return this.java;
	}

	/**
	 * The JVM options, in order; a customizer may change them, e.g. add a
	 * {@code -javaagent} that only the workers get.
	 * @return the modifiable options
	 */
	public List<String> jvmArgs() {
		return this.jvmArgs;
	}

	/**
	 * What the JVM runs: {@code -jar <jar>} or {@code -cp <class path> <main class>}.
	 * @return the target
	 */
	public List<String> target() {
		return this.target;
	}

	/**
	 * The program arguments, in order; a customizer may change them.
	 * @return the modifiable arguments
	 */
	public List<String> args() {
		return this.args;
	}

	/**
	 * The whole command line: java, JVM options, target, arguments.
	 * @return the command
	 */
	public List<String> command() {
		List<String> command = new ArrayList<>();
		command.add(this.java);
		command.addAll(this.jvmArgs);
		command.addAll(this.target);
		command.addAll(this.args);
		return List.copyOf(command);
	}

	@Override
	public String toString() {
		return ProcessWorkerLauncher.display(command());
	}

	/**
	 * How the master itself was launched.
	 *
	 * @param java the java executable
	 * @param jvmArgs the JVM options
	 * @param classPath the class path ({@code java.class.path})
	 * @param javaCommand the main class or jar and the arguments ({@code sun.java.command})
	 */
	record Launch(String java, List<String> jvmArgs, String classPath, String javaCommand) {

		/**
		 * The java this JVM was started as, before the kernel resolved it: the first word
		 * of its command line ({@code /proc/self/cmdline} on Linux), e.g. {@code java}
		 * looked up on the {@code PATH} or {@code /usr/bin/java}, a symbolic link. Started
		 * again, it may be another JDK than this one if the link was pointed elsewhere.
		 * @return the java as invoked, or the resolved executable where it is not known
		 */
		String invokedJava() {
			try {
				byte[] cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
				int end = 0;
				while (end < cmdline.length && cmdline[end] != 0) {
					end++;
				}
				String invoked = new String(cmdline, 0, end, StandardCharsets.UTF_8);
				return invoked.isEmpty() ? this.java : invoked;
			}
			catch (IOException | RuntimeException ex) {
				return this.java;
			}
		}

		static Launch current() {
			String java = ProcessHandle.current()
				.info()
				.command()
				.orElseGet(() -> System.getProperty("java.home") + "/bin/java");
			return new Launch(java, ManagementFactory.getRuntimeMXBean().getInputArguments(),
					System.getProperty("java.class.path", ""), System.getProperty("sun.java.command", ""));
		}

	}

	/**
	 * The command line of a new master that replaces this one (an upgrade): the same as a
	 * worker's without what makes it a worker (the worker profile, the workers' extra
	 * options and arguments, {@code cluster.master.exec}): the given java, the master's
	 * JVM options less those two JVMs cannot share, the master's own {@code -jar} (the
	 * deploy path, read anew) or class path and main class, the application's arguments.
	 * @param launch how this master was launched
	 * @param java the new master's java executable
	 * @param applicationArgs the application's arguments
	 * @return the command
	 */
	static List<String> master(Launch launch, String java, List<String> applicationArgs) {
		List<String> command = new ArrayList<>();
		command.add(java);
		launch.jvmArgs().stream().filter(WorkerCommandLine::isShareable).forEach(command::add);
		command.addAll(target(launch, null));
		command.addAll(applicationArgs);
		return List.copyOf(command);
	}

	static List<String> build(Launch launch, ClusterMasterProperties properties, List<String> applicationArgs) {
		return of(launch, properties, applicationArgs).command();
	}

	static WorkerCommandLine of(Launch launch, ClusterMasterProperties properties, List<String> applicationArgs) {
		List<String> command = new ArrayList<>();
		String includes = null;
		for (String option : launch.jvmArgs()) {
			if (option.startsWith("-D" + PROFILES_INCLUDE + "=")) {
				includes = option.substring(PROFILES_INCLUDE.length() + 3);
			}
			else if (isShareable(option)) {
				command.add(option);
			}
		}
		List<String> args = new ArrayList<>(applicationArgs);
		args.addAll(properties.getArgs());
		String profile = properties.getWorkerProfile();
		if (!includeInArgs(args, profile)) {
			command.add("-D" + PROFILES_INCLUDE + "=" + ((includes != null) ? includes + "," + profile : profile));
		}
		command.addAll(properties.getJvmArgs());
		return new WorkerCommandLine(launch.java(), command, target(launch, properties.getExec()), args);
	}

	/**
	 * Options that would clash or do harm when every worker repeats them: a debugger or
	 * JMX agent on a fixed port, writing a class-data archive at exit.
	 */
	private static boolean isShareable(String option) {
		return !(option.startsWith("-agentlib:jdwp") || option.startsWith("-Xrunjdwp")
				|| option.startsWith("-Dcom.sun.management.jmxremote.port=")
				|| option.startsWith("-Dcom.sun.management.jmxremote.rmi.port=")
				|| option.startsWith("-XX:ArchiveClassesAtExit") || option.equals("-Xshare:dump"));
	}

	/**
	 * A {@code --spring.profiles.include} argument would win over a system property, so the
	 * worker profile is appended to it instead.
	 */
	private static boolean includeInArgs(List<String> args, String profile) {
		for (int i = 0; i < args.size(); i++) {
			if (args.get(i).startsWith("--" + PROFILES_INCLUDE + "=")) {
				args.set(i, args.get(i) + "," + profile);
				return true;
			}
		}
		return false;
	}

	private static List<String> target(Launch launch, @Nullable String exec) {
		if (exec != null) {
			return isJar(exec) ? List.of("-jar", exec) : List.of("-cp", launch.classPath(), exec);
		}
		String main = launch.javaCommand().strip().split("\\s+", 2)[0];
		if (isJar(main)) {
			// the jar named on the command line: java.class.path may have been rewritten since
			// (Surefire's booter jar sets it to the tests' class path)
			return List.of("-jar", main);
		}
		if (isJar(launch.classPath()) && launch.javaCommand().startsWith(launch.classPath())) {
			return List.of("-jar", launch.classPath());
		}
		if (main.isEmpty()) {
			throw new IllegalStateException("Cannot tell how this JVM was launched (no sun.java.command); "
					+ "set cluster.master.exec to the jar or main class the workers run");
		}
		return List.of("-cp", Objects.requireNonNull(launch.classPath()), main);
	}

	private static boolean isJar(String path) {
		return path.toLowerCase(Locale.ROOT).endsWith(".jar");
	}

}
