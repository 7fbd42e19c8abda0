package io.github.clustermaster.control;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * What the {@link ClusterCommandExecutor} asks to replace the master by a new one
 * ({@link ClusterCommand.Upgrade}): the master's side of an upgrade, which starts the new
 * master, waits until it is ready and hands over to it.
 *
 * @author cluster-master
 */
public interface MasterUpgrade {

	/** A master that cannot upgrade: every upgrade is refused. */
	MasterUpgrade NONE = new MasterUpgrade() {

		@Override
		public @Nullable Upgrading current() {
			return null;
		}

		@Override
		public Upgrading start(@Nullable String java) {
			throw new IllegalStateException("this master cannot start a new master");
		}

	};

	/**
	 * The upgrade that runs, if one does.
	 * @return the upgrade, or {@code null} when none runs
	 */
	@Nullable Upgrading current();

	/**
	 * The master this one has handed over to, if it has: this master is then draining its
	 * workers and about to exit.
	 * @return the new master's pid, or 0
	 */
	default long handedOverTo() {
		return 0;
	}

	/**
	 * Start a new master.
	 * @param java the new master's java executable, or {@code null} for this one's
	 * @return the upgrade that started
	 * @throws IllegalStateException if an upgrade already runs or the new master cannot be
	 * started
	 * @throws IllegalArgumentException if the java is not an executable file
	 */
	Upgrading start(@Nullable String java);

	/**
	 * An upgrade under way.
	 *
	 * @param pid the new master's pid
	 * @param from what the new master runs (its jar, or main class)
	 * @param tookOver completes with the number of the new master's ready workers once it
	 * has taken over; fails
	 * with the reason (an {@link IllegalStateException}) when it could not and this master
	 * serves on
	 */
	record Upgrading(long pid, String from, CompletableFuture<Integer> tookOver) {

	}

}
