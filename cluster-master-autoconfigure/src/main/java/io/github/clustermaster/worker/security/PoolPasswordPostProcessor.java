package io.github.clustermaster.worker.security;

import java.lang.reflect.Method;
import java.time.Duration;

import io.github.clustermaster.pool.PoolSecret;
import io.github.clustermaster.worker.PoolPassword;
import io.github.clustermaster.worker.WorkerSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ReflectionUtils;

/**
 * Makes the password Boot generates for its user ({@code spring.security.user.password}
 * not set) the pool's, the same in every worker: once Boot's {@code SecurityProperties}
 * is bound, a password still generated is replaced by the one derived from the pool's
 * secret. Boot then logs no "Using generated security password" line in the worker (the
 * password is no longer generated there); the master logs the pool's once, when a worker
 * reports that Boot's in-memory user took it. Nothing changes where the application sets
 * the password, and whether Boot creates its in-memory user at all is left to Boot's own
 * conditions (setting the property instead would change them: a property set makes Boot
 * create the user even beside an OAuth2 resource server).
 * <p>
 * {@code SecurityProperties} is reached by its name and its public methods, so that this
 * module needs no Spring Security on its class path (where it would secure every test
 * application).
 *
 * @author cluster-master
 */
public final class PoolPasswordPostProcessor implements BeanPostProcessor, PoolPassword {

	private static final Log logger = LogFactory.getLog(PoolPasswordPostProcessor.class);

	/** Boot 4's security properties ({@code spring.security.*}). */
	public static final String SECURITY_PROPERTIES = "org.springframework.boot.security.autoconfigure.SecurityProperties";

	/** How long a worker waits for the secret its master hands out right after hello. */
	static final Duration SECRET_TIMEOUT = Duration.ofSeconds(10);

	/** The names Boot gives its in-memory user details beans (servlet, reactive). */
	private static final String[] BOOT_USER_BEANS = { "inMemoryUserDetailsManager", "reactiveUserDetailsService" };

	private final ObjectProvider<WorkerSession> session;

	private final BeanFactory beans;

	private final String propertiesType;

	private volatile @Nullable String user;

	/**
	 * Create the post-processor.
	 * @param session the worker's session, which has the pool's secret
	 * @param beans the application's beans, to tell whether Boot's user exists
	 */
	public PoolPasswordPostProcessor(ObjectProvider<WorkerSession> session, BeanFactory beans) {
		this(session, beans, SECURITY_PROPERTIES);
	}

	PoolPasswordPostProcessor(ObjectProvider<WorkerSession> session, BeanFactory beans, String propertiesType) {
		this.session = session;
		this.beans = beans;
		this.propertiesType = propertiesType;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!bean.getClass().getName().equals(this.propertiesType)) {
			return bean;
		}
		Object user = invoke(bean, "getUser");
		if (user == null || !Boolean.TRUE.equals(invoke(user, "isPasswordGenerated"))) {
			return bean;
		}
		WorkerSession session = this.session.getIfAvailable();
		if (session == null) {
			return bean;
		}
		PoolSecret secret = session.poolSecret(SECRET_TIMEOUT);
		if (secret == null) {
			logger.warn("Worker " + session.id() + " did not get the pool's secret from its master within "
					+ SECRET_TIMEOUT.toSeconds() + " s: Boot's user keeps the password generated in this worker");
			return bean;
		}
		invoke(user, "setPassword", secret.userPassword());
		this.user = String.valueOf(invoke(user, "getName"));
		return bean;
	}

	private static @Nullable Object invoke(Object target, String name, Object... arguments) {
		Class<?>[] types = new Class<?>[arguments.length];
		for (int i = 0; i < arguments.length; i++) {
			types[i] = arguments[i].getClass();
		}
		Method method = ReflectionUtils.findMethod(target.getClass(), name, types);
		if (method == null) {
			logger.debug("No " + name + " on " + target.getClass().getName() + ": Boot's generated password stays "
					+ "per worker");
			return null;
		}
		return ReflectionUtils.invokeMethod(method, target, arguments);
	}

	/**
	 * The user whose generated password is now the pool's, once Boot created its in-memory
	 * user with it.
	 * @return the user's name, or {@code null}
	 */
	@Override
	public @Nullable String user() {
		String user = this.user;
		if (user == null) {
			return null;
		}
		for (String name : BOOT_USER_BEANS) {
			if (this.beans.containsBean(name)) {
				return user;
			}
		}
		return null;
	}

}
