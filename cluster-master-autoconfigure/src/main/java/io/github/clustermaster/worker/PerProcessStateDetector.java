package io.github.clustermaster.worker;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

import io.github.clustermaster.pool.PerProcessState;
import io.github.clustermaster.pool.PoolWarning;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the state of a worker's application that stays in the worker: an in-memory
 * database, Spring's simple message broker, a cache manager that keeps its entries in the
 * heap (HTTP sessions are the pool's, on Tomcat, Jetty and WebFlux). It reads the beans
 * that exist and opens no connection (a database that is down must not hold up the
 * report): a data source's URL comes from its {@code getJdbcUrl()} or
 * {@code getUrl()} (Hikari, Tomcat JDBC, DBCP2, Spring's simple data sources) or from its
 * being Spring's {@code EmbeddedDatabase}. Each kind is looked for unless
 * {@code cluster.master.warnings.<kind>=false}.
 *
 * @author cluster-master
 */
public final class PerProcessStateDetector {

	private static final Log logger = LogFactory.getLog(PerProcessStateDetector.class);

	private static final String SIMPLE_BROKER = "org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler";

	private static final String EMBEDDED_DATABASE = "org.springframework.jdbc.datasource.embedded.EmbeddedDatabase";

	/** Cache managers whose caches live in the heap of one JVM. */
	private static final Set<String> LOCAL_CACHE_MANAGERS = Set.of(
			"org.springframework.cache.concurrent.ConcurrentMapCacheManager",
			"org.springframework.cache.caffeine.CaffeineCacheManager",
			"org.cache2k.extra.spring.SpringCache2kCacheManager");

	/** Caches that live in the heap of one JVM, as a {@code SimpleCacheManager} may hold. */
	private static final Set<String> LOCAL_CACHES = Set.of("org.springframework.cache.concurrent.ConcurrentMapCache",
			"org.springframework.cache.caffeine.CaffeineCache");

	private final ListableBeanFactory beans;

	private final Environment environment;

	/**
	 * Look in a worker's context.
	 * @param beans the application's beans, all created
	 * @param environment its environment, for the properties that silence a kind
	 */
	public PerProcessStateDetector(ListableBeanFactory beans, Environment environment) {
		this.beans = beans;
		this.environment = environment;
	}

	/**
	 * What the application keeps per worker, one warning per kind found.
	 * @return the warnings, in the order of {@link PerProcessState}
	 */
	public List<PoolWarning> detect() {
		List<PoolWarning> warnings = new ArrayList<>();
		for (PerProcessState state : PerProcessState.values()) {
			if (!this.environment.getProperty(state.property(), Boolean.class, true)) {
				continue;
			}
			try {
				List<String> found = find(state);
				if (!found.isEmpty()) {
					warnings.add(state.warning(String.join("; ", found)));
				}
			}
			catch (RuntimeException | LinkageError ex) {
				logger.debug("Could not look for " + state.kind() + ": " + ex);
			}
		}
		return warnings;
	}

	private List<String> find(PerProcessState state) {
		return switch (state) {
			case IN_MEMORY_DATABASE -> inMemoryDatabases();
			case SIMPLE_BROKER -> simpleBrokers();
			case LOCAL_CACHE -> localCaches();
		};
	}

	private List<String> inMemoryDatabases() {
		List<String> found = new ArrayList<>();
		beansOfType(DataSource.class).forEach((name, dataSource) -> {
			String url = url(dataSource, 0);
			if (url != null && isInMemoryUrl(url)) {
				found.add("DataSource '" + name + "', " + withoutParameters(url));
			}
			else if (url == null && isInstance(EMBEDDED_DATABASE, dataSource)) {
				found.add("DataSource '" + name + "', an embedded database");
			}
		});
		return found;
	}

	/**
	 * Whether a JDBC URL names a database that lives in the memory of the JVM that opens it.
	 * @param url the URL
	 * @return whether it is in memory
	 */
	static boolean isInMemoryUrl(String url) {
		String lower = url.toLowerCase(Locale.ROOT);
		return lower.startsWith("jdbc:h2:mem:") || lower.startsWith("jdbc:hsqldb:mem:")
				|| lower.startsWith("jdbc:derby:memory:") || lower.startsWith("jdbc:sqlite::memory:")
				|| lower.startsWith("jdbc:sqlite:file::memory:");
	}

	/** The URL up to its parameters, which may carry a password. */
	private static String withoutParameters(String url) {
		int end = url.length();
		for (char separator : new char[] { ';', '?' }) {
			int index = url.indexOf(separator);
			if (index >= 0) {
				end = Math.min(end, index);
			}
		}
		return url.substring(0, end);
	}

	private static @Nullable String url(Object dataSource, int depth) {
		for (String getter : new String[] { "getJdbcUrl", "getUrl" }) {
			Object url = call(dataSource, getter);
			if (url instanceof String text && !text.isBlank()) {
				return text;
			}
		}
		// Spring's DelegatingDataSource (lazy, transaction-aware proxies)
		Object target = call(dataSource, "getTargetDataSource");
		return (target != null && depth < 5) ? url(target, depth + 1) : null;
	}

	private static @Nullable Object call(Object target, String getter) {
		Method method = ReflectionUtils.findMethod(target.getClass(), getter);
		if (method == null || method.getParameterCount() != 0 || !Modifier.isPublic(method.getModifiers())) {
			return null;
		}
		try {
			return method.invoke(target);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	private List<String> simpleBrokers() {
		Class<?> type = load(SIMPLE_BROKER);
		if (type == null) {
			return List.of();
		}
		return beansOfType(type).keySet().stream().map((name) -> "SimpleBrokerMessageHandler '" + name + "'").toList();
	}

	private List<String> localCaches() {
		List<String> found = new ArrayList<>();
		beansOfType(CacheManager.class).forEach((name, manager) -> {
			String type = manager.getClass().getName();
			if (LOCAL_CACHE_MANAGERS.contains(type)) {
				found.add(manager.getClass().getSimpleName() + " '" + name + "'");
			}
			else if (type.equals("org.springframework.cache.support.SimpleCacheManager")
					&& hasLocalCaches(manager.getCacheNames(), manager)) {
				found.add("SimpleCacheManager '" + name + "' with in-memory caches");
			}
		});
		return found;
	}

	private static boolean hasLocalCaches(Collection<String> names, CacheManager manager) {
		return names.stream().map(manager::getCache).anyMatch((cache) -> cache != null && isLocal(cache));
	}

	private static boolean isLocal(Cache cache) {
		return LOCAL_CACHES.contains(cache.getClass().getName());
	}

	private <T> Map<String, T> beansOfType(Class<T> type) {
		return new TreeMap<>(this.beans.getBeansOfType(type, false, false));
	}

	private @Nullable Class<?> load(String name) {
		// The application's, which a test may filter
		ClassLoader classLoader = (this.beans instanceof ConfigurableBeanFactory factory) ? factory.getBeanClassLoader()
				: null;
		if (classLoader == null) {
			classLoader = getClass().getClassLoader();
		}
		return ClassUtils.isPresent(name, classLoader) ? ClassUtils.resolveClassName(name, classLoader) : null;
	}

	private boolean isInstance(String type, Object object) {
		Class<?> loaded = load(type);
		return loaded != null && loaded.isInstance(object);
	}

}
