package io.github.clustermaster.autoconfigure;

import io.github.clustermaster.lease.LeaseTerms;
import io.github.clustermaster.locks.ClusterLockProvider;
import io.github.clustermaster.locks.ClusterLocks;
import io.github.clustermaster.worker.LeaseCandidate;
import io.github.clustermaster.worker.OncePerPoolScheduling;
import io.github.clustermaster.worker.WorkerSession;
import net.javacrumbs.shedlock.core.LockProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

/**
 * Auto-configuration of the pool's locks: {@link ClusterLocks} for the application (the
 * master's leases in a worker, locks within the JVM standalone); in a worker, the
 * application's scheduled tasks run once per pool unless
 * {@code cluster.master.scheduling=every-worker}; and with ShedLock on the class path and
 * no {@code LockProvider} of the application's, a provider over the same locks.
 *
 * @author cluster-master
 */
@AutoConfiguration
public final class ClusterLocksAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClusterLocks clusterLocks(ObjectProvider<WorkerSession> session) {
		WorkerSession worker = session.getIfAvailable();
		return (worker != null) ? worker.leases() : ClusterLocks.local();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(value = WorkerSession.class,
			name = TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME)
	@ConditionalOnProperty(name = "cluster.master.scheduling", havingValue = "single", matchIfMissing = true)
	static class OncePerPoolSchedulingConfiguration {

		@Bean
		LeaseCandidate clusterMasterSchedulingLease(WorkerSession session) {
			return new LeaseCandidate(session.leases(), session.id(), LeaseTerms.SCHEDULING, LeaseTerms.SCHEDULING_TTL,
					"the pool's scheduled work");
		}

		@Bean
		OncePerPoolScheduling clusterMasterOncePerPoolScheduling(LeaseCandidate candidate) {
			return new OncePerPoolScheduling(candidate::holds);
		}

		/** Compete for the lease once the application is ready, not while it boots. */
		@Bean
		ApplicationListener<ApplicationReadyEvent> clusterMasterSchedulingLeaseStarter(LeaseCandidate candidate) {
			return (event) -> candidate.start();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(LockProvider.class)
	static class ShedLockConfiguration {

		@Bean
		@ConditionalOnMissingBean(LockProvider.class)
		ClusterLockProvider clusterMasterLockProvider(ClusterLocks locks) {
			return new ClusterLockProvider(locks);
		}

	}

}
