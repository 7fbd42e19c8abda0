package io.github.clustermaster.bench.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.clustermaster.bench.measure.Wrk;
import io.github.clustermaster.bench.report.Report;
import io.github.clustermaster.testsupport.CookieClient;

import static io.github.clustermaster.bench.report.Report.print;
import static io.github.clustermaster.bench.report.Stats.last;
import static io.github.clustermaster.bench.report.Stats.median;
import static io.github.clustermaster.bench.report.Stats.plural;
import static io.github.clustermaster.bench.report.Stats.round;
import static io.github.clustermaster.bench.report.Stats.sum;

/**
 * Step 2b: a logged-in browser's load. One login through the sample's form, then
 * {@code wrk} with keep-alive and that session's cookie on {@code GET /account}, which
 * reads the session on every request (Spring Security loads the login from it). Two
 * workers with the pool's session store against one plain JVM with its in-memory
 * sessions, fresh JVMs each round. Every answer that is not the account page (a redirect
 * to {@code /login}, an error) is counted as failed by a wrk script, and the requests per
 * second are those answered with the account page.
 *
 * @author cluster-master
 */
public final class Sessions {

	/** Each server is warmed in windows of this length until it is steady. */
	private static final int WARMUP_WINDOW_SECONDS = 5;

	/** Steady: a warm-up window within this share of the one before. */
	private static final double STEADY = 0.05;

	/** The most a server is warmed before it is measured as it is. */
	private static final int WARMUP_MAX_SECONDS = 150;

	private static final String USER = "user";

	private static final String PASSWORD = "bench-sessions";

	private static final Pattern COUNTS = Pattern.compile("account pages (\\d+), other answers (\\d+)");

	private Sessions() {
	}

	/** Run the step. */
	public static void run(BenchRun bench) throws Exception {
		Options options = bench.options();
		print("");
		print("2b. a session on every request: one login, then wrk (%d threads, %s, keep-alive) with its cookie on "
				+ "GET /account, %s on fresh JVMs, each window %d s after an unmeasured warm-up of at least %d s "
				+ "and until three %d s windows in a row are within %.0f%% of the one before (at most %d s: the JIT "
				+ "of three JVMs that share the requests takes longer than one's); an answer other than the account "
				+ "page counts as failed", Wrk.threads(options.connections()),
				plural(options.connections(), "connection"), plural(options.rounds(), "round"), options.window(),
				options.warmup(), WARMUP_WINDOW_SECONDS, STEADY * 100, WARMUP_MAX_SECONDS);
		List<String> user = List.of("--spring.security.user.password=" + PASSWORD);
		Config baseline = Config.plain("baseline (1 JVM)", user);
		Config cluster = Config.master("cluster (" + Throughput.SIZE + " workers)", Throughput.SIZE, List.of(),
				Config.concat(List.of("--cluster.master.fast-start=false", bench.cacheArg("sessions"),
						// a ceiling only: on a machine loaded by other work a boot can take minutes
						"--cluster.master.boot-timeout=" + Server.READY_TIMEOUT.toSeconds() + "s"), user));
		Path script = bench.logs().resolve("session.lua");
		try (InputStream lua = Sessions.class.getResourceAsStream("/session.lua")) {
			Files.write(script, lua.readAllBytes());
		}
		Map<Config, List<SessionLoad>> runs = new HashMap<>(Map.of(baseline, new ArrayList<>(), cluster, new ArrayList<>()));
		Map<Config, String> cookies = new HashMap<>();
		Map<Config, List<Integer>> warmups = new HashMap<>(Map.of(baseline, new ArrayList<>(), cluster, new ArrayList<>()));
		for (int round = 1; round <= options.rounds(); round++) {
			for (Config config : (round % 2 == 1) ? List.of(baseline, cluster) : List.of(cluster, baseline)) {
				String name = ((config == baseline) ? "sessions-baseline" : "sessions-cluster") + "-round-" + round;
				try (Server server = bench.start(config, bench.jar(), name)) {
					server.awaitReady();
					String cookie = logIn(server.port);
					cookies.put(config, cookie.replaceAll("=.*", ""));
					warmups.get(config).add(warmUntilSteady(bench, server, cookie, script, name));
					runs.get(config).add(SessionLoad.run(bench, server, cookie, options.window(), script, "wrk-" + name));
				}
				print("  round %d/%d  %-20s %s, after %d s of warm-up", round, options.rounds(), config.label(),
						last(runs.get(config)), last(warmups.get(config)));
			}
		}
		report(bench.report(), runs, cookies, baseline, cluster);
	}

	private static void report(Report report, Map<Config, List<SessionLoad>> runs, Map<Config, String> cookies,
			Config baseline, Config cluster) {
		double base = median(runs.get(baseline), SessionLoad::answeredPerSecond);
		double clustered = median(runs.get(cluster), SessionLoad::answeredPerSecond);
		double baseP99 = median(runs.get(baseline), (run) -> run.wrk().p99());
		double clusterP99 = median(runs.get(cluster), (run) -> run.wrk().p99());
		long failed = sum(runs.get(cluster), SessionLoad::failed);
		long baseFailed = sum(runs.get(baseline), SessionLoad::failed);
		double ratio = clustered / base;
		print("  GET /account with a session (medians; req/s are answers with the account page)");
		for (Config config : List.of(baseline, cluster)) {
			List<SessionLoad> list = runs.get(config);
			print("    %-20s %,7.0f req/s   p50 %5.2f ms  p99 %6.2f ms   failed %,d of %,d   cookie %s%s",
					config.label(), median(list, SessionLoad::answeredPerSecond), median(list, (run) -> run.wrk().p50()),
					median(list, (run) -> run.wrk().p99()), sum(list, SessionLoad::failed),
					sum(list, (run) -> run.wrk().requests()), cookies.get(config), (config == cluster)
							? String.format(Locale.US, "   ratio %.2f, p99 %+.2f ms", ratio, clusterP99 - baseP99) : "");
		}
		report.target("session_rps_ratio >= 0.9 (keep-alive, GET /account, 2 workers sharing the sessions against 1 "
				+ "JVM) with no failed request", ratio >= 0.9 && failed == 0 && baseFailed == 0,
				String.format(Locale.US, "%.2f (%,.0f / %,.0f req/s), failed %,d (cluster) and %,d (baseline), "
						+ "p99 %+.2f ms", ratio, clustered, base, failed, baseFailed, clusterP99 - baseP99));
		report.put("session_rps_baseline", Math.round(base));
		report.put("session_rps_cluster", Math.round(clustered));
		report.put("session_rps_ratio", round(ratio, 2));
		report.put("session_p99_baseline_ms", round(baseP99, 2));
		report.put("session_p99_cluster_ms", round(clusterP99, 2));
		report.put("session_p99_added_ms", round(clusterP99 - baseP99, 2));
		report.put("session_failed_cluster", failed);
		report.put("session_failed_baseline", baseFailed);
		report.put("session_cookie_cluster", cookies.get(cluster));
	}

	/**
	 * Log in as a browser does ({@code GET /login} for the session and its CSRF token,
	 * {@code POST /login}), check that {@code GET /account} shows the login; answer the
	 * {@code Cookie} header that carries the session.
	 */
	private static String logIn(int port) throws IOException {
		CookieClient browser = new CookieClient(port);
		CookieClient.Response page = browser.get("/login");
		if (page.status() != 200) {
			throw new IllegalStateException("GET /login answered " + page.status());
		}
		CookieClient.Response login = browser.post("/login",
				Map.of("username", USER, "password", PASSWORD, "_csrf", page.csrf()));
		String location = (login.location() != null) ? login.location() : "";
		if (login.status() != 302 || !location.endsWith("/account")) {
			throw new IllegalStateException("POST /login answered " + login.status() + " to '" + location
					+ "' instead of a redirect to /account: wrong password?");
		}
		CookieClient.Response account = browser.get("/account");
		if (account.status() != 200 || !account.body().contains(" user " + USER + " ")) {
			throw new IllegalStateException(
					"GET /account after the login answered " + account.status() + " " + account.body().strip());
		}
		return browser.cookieHeader();
	}

	/**
	 * Warm a server with the session load until it is steady: windows of
	 * {@value #WARMUP_WINDOW_SECONDS} s, at least {@code --warmup} s in all, until three
	 * windows in a row are each within {@link #STEADY} of the one before (or
	 * {@value #WARMUP_MAX_SECONDS} s). A fixed time is unfair to the pool: its three JVMs
	 * each see a share of the requests, so their JIT needs longer than one JVM's. Two
	 * windows are not enough: a pool still compiling can hold a cold plateau for 10 s. Answer
	 * the seconds it took.
	 */
	private static int warmUntilSteady(BenchRun bench, Server server, String cookie, Path script, String name) {
		int seconds = 0;
		double previous = 0;
		int agreeing = 0;
		for (int window = 1;; window++) {
			SessionLoad load = SessionLoad.run(bench, server, cookie, WARMUP_WINDOW_SECONDS, script,
					"wrk-" + name + "-warmup-" + window);
			seconds += WARMUP_WINDOW_SECONDS;
			double current = load.answeredPerSecond();
			agreeing = (previous > 0 && Math.abs(current - previous) <= STEADY * previous) ? agreeing + 1 : 0;
			if ((agreeing >= 2 && seconds >= bench.options().warmup()) || seconds >= WARMUP_MAX_SECONDS) {
				return seconds;
			}
			previous = current;
		}
	}

	/**
	 * One {@code wrk} run with keep-alive and a session cookie against {@code GET /account},
	 * and how many answers were the account page (the script checks every answer: wrk itself
	 * counts a redirect to {@code /login} as a success).
	 */
	private record SessionLoad(Wrk wrk, long answered, long failed) {

		static SessionLoad run(BenchRun bench, Server server, String cookie, int seconds, Path script, String log) {
			Wrk wrk = Wrk.run(server.port, "/account", bench.options().connections(), seconds,
					List.of("-s", script.toString(), "-H", "Cookie: " + cookie), bench.log(log));
			Matcher counts = wrk.printed(COUNTS);
			if (counts == null) {
				throw new IllegalStateException("wrk's session script printed no counts: " + wrk.output().strip());
			}
			// a socket error or a timeout got no answer for the script to see
			return new SessionLoad(wrk, Long.parseLong(counts.group(1)),
					Long.parseLong(counts.group(2)) + wrk.socketErrors());
		}

		/** The requests per second answered with the account page. */
		double answeredPerSecond() {
			long all = this.answered + this.failed;
			return (all > 0) ? this.wrk.perSecond() * this.answered / all : 0;
		}

		@Override
		public String toString() {
			return String.format(Locale.US, "%,6.0f req/s p99 %6.2f ms, failed %,d of %,d", answeredPerSecond(),
					this.wrk.p99(), this.failed, this.answered + this.failed);
		}

	}

}
