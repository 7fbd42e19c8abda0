package io.github.clustermaster.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import io.github.clustermaster.role.ClusterRole;
import io.github.clustermaster.ipc.WireJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.PackageVersion;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootVersion;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Checks, before a master or a worker does anything, that the application runs on versions
 * the starter supports, so that a mismatch fails the start with a failure analysis instead
 * of a master whose threads die one by one with linkage errors while the process stays up.
 * <p>
 * Supported: Spring Boot 4.0.x and 4.1.x, with the versions of Jackson 3, Spring Framework
 * and the embedded servers that those Boot versions manage. The starter is compiled against
 * the lowest of them (Boot 4.0.0), so it uses no API a later release added. Besides the
 * versions, a round trip through Jackson of the kind the master and its workers exchange
 * proves that the Jackson on the class path links with the starter's code.
 * {@value #PROPERTY}{@code =false} skips the check (at your own risk, e.g. to try a
 * newer Boot than the ones tested).
 *
 * @author cluster-master
 */
final class ClusterCompatibility {

	/** Whether to check; true unless set to false. */
	static final String PROPERTY = "cluster.master.compatibility-verifier.enabled";

	/** The Spring Boot versions this starter supports, as a person reads them. */
	static final String SUPPORTED_BOOT = "4.0.x or 4.1.x";

	private static final Log logger = LogFactory.getLog(ClusterCompatibility.class);

	private static final List<RequiredClass> REQUIRED = List.of(
			new RequiredClass("tools.jackson.databind.json.JsonMapper", "tools.jackson.core:jackson-databind (3.x)"),
			new RequiredClass("org.newsclub.net.unix.AFUNIXSocket",
					"com.kohlschutter.junixsocket:junixsocket-native-common"));

	private final Supplier<@Nullable String> bootVersion;

	private final Supplier<@Nullable String> jacksonVersion;

	private final @Nullable ClassLoader classLoader;

	ClusterCompatibility(@Nullable ClassLoader classLoader) {
		this(SpringBootVersion::getVersion, ClusterCompatibility::jacksonVersion, classLoader);
	}

	ClusterCompatibility(Supplier<@Nullable String> bootVersion, Supplier<@Nullable String> jacksonVersion,
			@Nullable ClassLoader classLoader) {
		this.bootVersion = bootVersion;
		this.jacksonVersion = jacksonVersion;
		this.classLoader = classLoader;
	}

	/**
	 * Check, unless the environment turns the check off.
	 * @param environment the application's environment
	 * @param role the role the JVM is about to play
	 * @throws ClusterCompatibilityException if something does not fit
	 */
	void verify(Environment environment, ClusterRole role) {
		if (!environment.getProperty(PROPERTY, Boolean.class, true)) {
			logger.debug("Compatibility check skipped: " + PROPERTY + "=false");
			return;
		}
		verify(role);
	}

	void verify(ClusterRole role) {
		List<String> problems = new ArrayList<>();
		String boot = this.bootVersion.get();
		if (boot != null && !supportedBoot(boot)) {
			problems.add("Spring Boot " + boot + " is on the class path; cluster-master supports Spring Boot "
					+ SUPPORTED_BOOT);
		}
		for (RequiredClass required : REQUIRED) {
			if (!ClassUtils.isPresent(required.name(), this.classLoader)) {
				problems.add(required.name() + " is missing: add " + required.artifact());
			}
		}
		if (problems.isEmpty()) {
			String jackson = this.jacksonVersion.get();
			if (jackson != null && !jackson.startsWith("3.")) {
				problems.add("Jackson databind " + jackson + " is on the class path; cluster-master needs Jackson 3");
			}
			else {
				linkJackson(jackson).ifPresent(problems::add);
			}
		}
		if (!problems.isEmpty()) {
			throw new ClusterCompatibilityException(role, boot, problems);
		}
	}

	static boolean supportedBoot(String version) {
		String[] parts = version.split("[.-]");
		if (parts.length < 2) {
			return false;
		}
		return parts[0].equals("4") && (parts[1].equals("0") || parts[1].equals("1"));
	}

	/**
	 * A round trip of a record with a map and a list through a tree and back, as the IPC
	 * frames and the relayed commands take: any method or class the starter links to and
	 * this Jackson lacks fails here, on the main thread, instead of later on an IPC thread.
	 */
	private static Optional<String> linkJackson(@Nullable String version) {
		try {
			JsonMapper mapper = WireJson.mapper();
			Probe probe = new Probe("status", 2, Map.of("A", "b"), List.of(1L, 2L));
			JsonNode tree = mapper.valueToTree(probe);
			Probe fromTree = mapper.treeToValue(tree, Probe.class);
			Probe fromBytes = mapper.readValue(mapper.writeValueAsBytes(fromTree), Probe.class);
			if (!probe.equals(fromBytes)) {
				return Optional.of("Jackson " + version + " did not read back what it wrote: " + fromBytes);
			}
			return Optional.empty();
		}
		catch (LinkageError ex) {
			return Optional.of("Jackson " + ((version != null) ? version : "(unknown version)")
					+ " does not link with cluster-master (" + ex + "); use the Jackson version your Spring Boot "
					+ "manages (do not override jackson-bom.version)");
		}
	}

	private static @Nullable String jacksonVersion() {
		try {
			return PackageVersion.VERSION.toString();
		}
		catch (LinkageError ex) {
			return null;
		}
	}

	private record RequiredClass(String name, String artifact) {
	}

	record Probe(String operation, int size, Map<String, String> env, List<Long> pids) {
	}

}
