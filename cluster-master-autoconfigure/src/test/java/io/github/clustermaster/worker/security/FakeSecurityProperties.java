package io.github.clustermaster.worker.security;

import java.util.UUID;

/**
 * The shape of Boot's {@code SecurityProperties} that {@link PoolPasswordPostProcessor}
 * reads, for a module that has no Spring Security on its class path.
 */
public class FakeSecurityProperties {

	private final User user = new User();

	public User getUser() {
		return this.user;
	}

	public static class User {

		private String name = "user";

		private String password = UUID.randomUUID().toString();

		private boolean passwordGenerated = true;

		public String getName() {
			return this.name;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.passwordGenerated = false;
			this.password = password;
		}

		public boolean isPasswordGenerated() {
			return this.passwordGenerated;
		}

	}

}
