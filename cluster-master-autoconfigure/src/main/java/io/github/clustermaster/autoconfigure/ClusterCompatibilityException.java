package io.github.clustermaster.autoconfigure;

import java.util.List;
import java.util.Locale;

import io.github.clustermaster.role.ClusterRole;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a cluster-master application starts on versions the starter does not
 * support; its failure analysis says what was found and what is needed.
 *
 * @author cluster-master
 */
public class ClusterCompatibilityException extends RuntimeException {

	private final ClusterRole role;

	private final @Nullable String bootVersion;

	private final List<String> problems;

	ClusterCompatibilityException(ClusterRole role, @Nullable String bootVersion, List<String> problems) {
		super("cluster-master cannot run this application as a " + role.name().toLowerCase(Locale.ROOT)
				+ ": " + String.join("; ", problems));
		this.role = role;
		this.bootVersion = bootVersion;
		this.problems = List.copyOf(problems);
	}

	/**
	 * The role the JVM was about to play.
	 * @return the role
	 */
	public ClusterRole getRole() {
		return this.role;
	}

	/**
	 * The Spring Boot version found, if known.
	 * @return the version or {@code null}
	 */
	public @Nullable String getBootVersion() {
		return this.bootVersion;
	}

	/**
	 * What does not fit, one sentence each.
	 * @return the problems
	 */
	public List<String> getProblems() {
		return this.problems;
	}

}
