package io.github.clustermaster.master;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Builds a worker's command line from the master's own: the same java, the master's JVM
 * options less those two JVMs cannot share, the same {@code -jar} or {@code -cp} and main
 * class, the application's arguments, then the worker profile and the configured extras.
 *
 * @author cluster-master
 */
final class WorkerCommandLine {

	private static final String PROFILES_INCLUDE = "spring.profiles.include";

	/**
	 * How the master itself was launched.
	 *
	 * @param java the java executable
	 * @param jvmArgs the JVM options
	 * @param classPath the class path ({@code java.class.path})
	 * @param javaCommand the main class or jar and the arguments ({@code sun.java.command})
	 */
	record Launch(String java, List<String> jvmArgs, String classPath, String javaCommand) {

		static Launch current() {
			String java = ProcessHandle.current()
				.info()
				.command()
				.orElseGet(() -> System.getProperty("java.home") + "/bin/java");
			return new Launch(java, ManagementFactory.getRuntimeMXBean().getInputArguments(),
					System.getProperty("java.class.path", ""), System.getProperty("sun.java.command", ""));
		}

	}

	private WorkerCommandLine() {
	}

	static List<String> build(Launch launch, ClusterMasterProperties properties, List<String> applicationArgs) {
		List<String> command = new ArrayList<>();
		command.add(launch.java());
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
		command.addAll(target(launch, properties.getExec()));
		command.addAll(args);
		return command;
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
