package io.github.clustermaster.worker.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.clustermaster.socket.SharedServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Proof that workers sharing the master's socket stop under load without dropping a
 * request: real worker JVMs of {@link DrainTestApplication}, one shared socket, a rolling
 * restart (stop one, start a replacement, stop the other) while clients open a new
 * connection per request.
 *
 * @author cluster-master
 */
@EnabledOnOs(OS.LINUX)
class TomcatSharedSocketDrainTests {

	private static final Pattern PID = Pattern.compile("pid=(\\d+)");

	@TempDir
	Path temp;

	@Test
	void rollingRestartUnderLoadDropsNoRequestAndFinishesTheSlowOne() throws Exception {
		List<Worker> workers = new ArrayList<>();
		try (SharedServerSocket socket = SharedServerSocket.bind(new InetSocketAddress("127.0.0.1", 0), 128)) {
			InetSocketAddress address = socket.address();
			Worker first = Worker.start(socket, this.temp, "first", workers);
			Worker second = Worker.start(socket, this.temp, "second", workers);
			first.awaitReady();
			second.awaitReady();
			awaitBothServe(address, first, second);
			Load load = Load.start(address, 4, Duration.ofSeconds(15));
			try {
				CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> request(address, "/slow?ms=2000"));
				Worker stopping = await().atMost(Duration.ofSeconds(10))
					.until(() -> first.runsSlowRequest() ? first : second.runsSlowRequest() ? second : null,
							(worker) -> worker != null);
				Worker staying = (stopping == first) ? second : first;
				load.mark("SIGTERM " + stopping.name + " (running /slow)");
				stopping.terminate();
				Worker replacement = Worker.start(socket, this.temp, "replacement", workers);
				replacement.awaitReady();
				load.mark("replacement ready");
				stopping.awaitExit();
				load.mark(stopping.name + " exited");
				load.mark("SIGTERM " + staying.name);
				boolean loadedAtLastStop = load.isRunning();
				staying.terminate();
				staying.awaitExit();
				load.mark(staying.name + " exited");
				Thread.sleep(300);
				load.stop();
				String slowResponse = slow.get(10, TimeUnit.SECONDS);
				System.out.printf("Requests sent: %d, failed: %d, in %d ms, answered by %s%n", load.sent.get(),
						load.failures.size(), load.elapsed().toMillis(), load.pids);
				workers.forEach(Worker::printDrainLog);
				assertThat(loadedAtLastStop).as("load still running at the last stop").isTrue();
				assertThat(load.failures).isEmpty();
				assertThat(slowResponse).startsWith("HTTP/1.1 200").contains("pid=" + stopping.process.pid());
				assertThat(load.pids).contains(first.process.pid(), second.process.pid(), replacement.process.pid());
			}
			finally {
				load.stop();
			}
		}
		finally {
			Worker.destroy(workers);
		}
	}

	private static void awaitBothServe(InetSocketAddress address, Worker first, Worker second) {
		Set<Long> pids = ConcurrentHashMap.newKeySet();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
			pids.add(pid(request(address, "/")));
			return pids.containsAll(Set.of(first.process.pid(), second.process.pid()));
		});
	}

	/**
	 * Send one request on a new connection. Raw sockets, because an HTTP client could
	 * retry a failed request behind our back.
	 */
	private static String request(InetSocketAddress address, String path) {
		try (Socket socket = new Socket()) {
			socket.connect(address, 5000);
			socket.setSoTimeout(15_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			return "FAILED " + ex;
		}
	}

	private static long pid(String response) {
		Matcher matcher = PID.matcher(response);
		return (response.startsWith("HTTP/1.1 200") && matcher.find()) ? Long.parseLong(matcher.group(1)) : -1;
	}

	/** Clients on a new connection per request; a failure is anything but a 200 with a pid. */
	private static final class Load {

		final AtomicInteger sent = new AtomicInteger();

		final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

		final Set<Long> pids = ConcurrentHashMap.newKeySet();

		private final List<Thread> threads = new ArrayList<>();

		private final long start = System.nanoTime();

		private volatile long stoppedAt;

		private volatile boolean stopped;

		static Load start(InetSocketAddress address, int clients, Duration limit) {
			Load load = new Load();
			long deadline = load.start + limit.toNanos();
			for (int i = 0; i < clients; i++) {
				Thread thread = new Thread(() -> load.run(address, deadline), "load-" + i);
				thread.setDaemon(true);
				load.threads.add(thread);
				thread.start();
			}
			return load;
		}

		private void run(InetSocketAddress address, long deadline) {
			while (!this.stopped && System.nanoTime() - deadline < 0) {
				String response = request(address, "/");
				this.sent.incrementAndGet();
				long pid = pid(response);
				if (pid < 0) {
					this.failures.add(response);
				}
				else {
					this.pids.add(pid);
				}
			}
		}

		void stop() throws InterruptedException {
			if (!this.stopped) {
				this.stopped = true;
				this.stoppedAt = System.nanoTime();
			}
			for (Thread thread : this.threads) {
				thread.join(20_000);
			}
		}

		boolean isRunning() {
			return this.threads.stream().anyMatch(Thread::isAlive);
		}

		void mark(String event) {
			System.out.printf("%6d ms, %6d requests: %s%n", Duration.ofNanos(System.nanoTime() - this.start).toMillis(),
					this.sent.get(), event);
		}

		Duration elapsed() {
			return Duration.ofNanos(this.stoppedAt - this.start);
		}

	}

	/** One worker JVM, its stdin the shared socket, its output in a file. */
	private static final class Worker {

		final String name;

		final Process process;

		final Path log;

		private Worker(String name, Process process, Path log) {
			this.name = name;
			this.process = process;
			this.log = log;
		}

		static Worker start(SharedServerSocket socket, Path dir, String name, List<Worker> workers)
				throws IOException {
			Path log = dir.resolve(name + ".log");
			String java = ProcessHandle.current().info().command().orElseThrow();
			ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
					"-Xmx256m", "-cp", System.getProperty("java.class.path"), DrainTestApplication.class.getName(),
					"--server.port=0", "--server.shutdown=graceful", "--spring.main.banner-mode=off",
					"--logging.level.io.github.clustermaster=debug",
					// Launched from its own main it would otherwise become a cluster master itself
					"--cluster.master.enabled=false");
			builder.redirectInput(socket.stdinRedirect());
			builder.redirectErrorStream(true);
			builder.redirectOutput(Redirect.to(log.toFile()));
			Worker worker = new Worker(name, builder.start(), log);
			workers.add(worker);
			return worker;
		}

		void awaitReady() {
			try {
				await().atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(50))
					.failFast(() -> !this.process.isAlive())
					.until(() -> output().contains(DrainTestApplication.READY));
			}
			catch (RuntimeException ex) {
				String exit = this.process.isAlive() ? "still running" : "exit code " + this.process.exitValue();
				String output = output();
				throw new AssertionError(this.name + " (pid " + this.process.pid() + ", " + exit
						+ ") did not get ready; output:\n" + output.substring(Math.max(0, output.length() - 4000)), ex);
			}
		}

		boolean runsSlowRequest() {
			return output().contains(DrainTestApplication.SLOW_STARTED);
		}

		/** SIGTERM, as a supervisor would send it ({@code Process.destroy()} would also close its pipes). */
		void terminate() {
			this.process.toHandle().destroy();
		}

		void awaitExit() throws InterruptedException {
			assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).as("%s exited", this.name).isTrue();
		}

		void printDrainLog() {
			output().lines()
				.filter((line) -> line.contains("TomcatAcceptorDrain") || line.contains("raceful"))
				.forEach((line) -> System.out.println(this.name + ": " + line));
		}

		String output() {
			try {
				return Files.exists(this.log) ? Files.readString(this.log, StandardCharsets.ISO_8859_1) : "";
			}
			catch (IOException ex) {
				return "";
			}
		}

		static void destroy(List<Worker> workers) throws InterruptedException {
			for (Worker worker : workers) {
				ProcessHandle.of(worker.process.pid()).ifPresent((handle) -> {
					handle.descendants().forEach(ProcessHandle::destroyForcibly);
					handle.destroyForcibly();
				});
			}
			for (Worker worker : workers) {
				worker.process.waitFor(10, TimeUnit.SECONDS);
			}
		}

	}

}
