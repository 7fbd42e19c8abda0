package io.github.clustermaster.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for a master in the harness's own tests: {@code parent N} forks {@code N}
 * child JVMs that idle, like workers, and waits for them. Every JVM gives up after five
 * minutes so that not even a broken harness leaves them running for long.
 *
 * @author cluster-master
 */
final class ForkingMain {

	private static final long LIFETIME_MILLIS = 300_000;

	private ForkingMain() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 2 && args[0].equals("parent")) {
			parent(Integer.parseInt(args[1]));
		}
		else {
			System.out.println("child " + ProcessHandle.current().pid() + " ready");
			Thread.sleep(LIFETIME_MILLIS);
		}
	}

	private static void parent(int count) throws IOException, InterruptedException {
		List<Process> children = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			children.add(new ProcessBuilder(command("child")).inheritIO().start());
		}
		System.out.println("parent " + ProcessHandle.current().pid() + " forked "
				+ children.stream().map((child) -> Long.toString(child.pid())).toList());
		for (Process child : children) {
			child.waitFor();
		}
	}

	/**
	 * Return the command that runs this class in a new JVM.
	 * @param args its arguments
	 * @return the command
	 */
	static List<String> command(String... args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx32m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(classPath());
		command.add(ForkingMain.class.getName());
		command.addAll(List.of(args));
		return command;
	}

	private static String classPath() {
		try {
			return Path.of(ForkingMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot find the test classes of " + ForkingMain.class, ex);
		}
	}

}
